package dev.tally.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.tally.app", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule app_support_depends_on_no_other_tally_module = classes()
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.tally.app..", "java..", "javax..",
                    "picocli..", "com.zaxxer.hikari..", "org.slf4j..")
            .because("every command line shares it, so it must stay below the domain, the schema and the adapters");
}
