package dev.tally.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * What the Maven graph cannot check about the domain. None of these rules passes on an empty set of
 * classes: ArchUnit fails a rule whose {@code that()} matches nothing unless told otherwise.
 */
@AnalyzeClasses(packages = "dev.tally.domain", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_domain_depends_on_nothing_but_the_jdk = classes()
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.tally.domain..")
            .because("every adapter and app builds on the domain, so it must not drag their libraries along");

    @ArchTest
    static final ArchRule no_domain_class_writes_to_standard_out_or_err = noClasses()
            .should(ACCESS_STANDARD_STREAMS)
            .because("the domain reports through return values and ports; the apps decide what to log and where");

    @ArchTest
    static final ArchRule buckets_know_nothing_of_the_rollup = noClasses()
            .that().resideInAPackage("dev.tally.domain.bucket..")
            .should().dependOnClassesThat().resideInAPackage("dev.tally.domain.rollup..")
            .because("buckets are the values the rollup is made of; the rollup uses them, never the other way round");
}
