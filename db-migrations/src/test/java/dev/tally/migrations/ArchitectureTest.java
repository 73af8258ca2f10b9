package dev.tally.migrations;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.tally.migrations", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_schema_knows_nothing_of_the_domain_or_the_adapters = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.tally.domain..", "dev.tally.persistence..")
            .because("every module may migrate or check the schema, so it must depend on none of them (DESIGN 1)");

    @ArchTest
    static final ArchRule flyway_stays_behind_the_migrations_facade = noClasses()
            .that().doNotHaveSimpleName("Migrations")
            .should().dependOnClassesThat().resideInAPackage("org.flywaydb..")
            .because("apps call Migrations, so the migration tool can change without touching them");
}
