package dev.tally.benchmarks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** What Maven cannot check about the benchmarks: they measure Tally through its public entry points. */
@AnalyzeClasses(packages = "dev.tally.benchmarks", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule no_class_uses_the_adapters_internals = noClasses()
            .that().resideInAPackage("dev.tally.benchmarks..")
            .should().dependOnClassesThat().resideInAPackage("dev.tally.persistence.postgres.internal..")
            .because("the benchmarks measure what the apps run: the persistence facade and the database functions");

}
