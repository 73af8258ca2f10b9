package dev.tally.workload;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.tally.workload", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_workload_talks_to_postgresql_through_jdbc_alone = classes()
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.tally.workload..", "java..", "javax..")
            .because("it writes the platform's tables as the platform does, independently of Tally's code, "
                    + "so it can check Tally rather than agree with it");
}
