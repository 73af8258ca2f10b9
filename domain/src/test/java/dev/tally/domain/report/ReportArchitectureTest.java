package dev.tally.domain.report;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** How the report packages sit in the domain; the domain-wide rules are in the domain's ArchitectureTest. */
@AnalyzeClasses(packages = "dev.tally.domain", importOptions = ImportOption.DoNotIncludeTests.class)
class ReportArchitectureTest {

    @ArchTest
    static final ArchRule reports_know_nothing_of_the_rollup_tick = noClasses()
            .that().resideInAPackage("dev.tally.domain.report..")
            .should().dependOnClassesThat().resideInAPackage("dev.tally.domain.rollup..")
            .because("reports read what the rollup stored; how and when it is computed is not their business");

    @ArchTest
    static final ArchRule reports_know_nothing_of_how_callers_authenticate = noClasses()
            .that().resideInAPackage("dev.tally.domain.report")
            .should().dependOnClassesThat().resideInAPackage("dev.tally.domain.report.access..")
            .because("a report needs a Caller, not the token that proved who it is");

    @ArchTest
    static final ArchRule the_rest_of_the_domain_knows_nothing_of_reports = noClasses()
            .that().resideInAnyPackage("dev.tally.domain.bucket..", "dev.tally.domain.rollup..")
            .should().dependOnClassesThat().resideInAPackage("dev.tally.domain.report..")
            .because("reports are built on buckets, never the other way round");
}
