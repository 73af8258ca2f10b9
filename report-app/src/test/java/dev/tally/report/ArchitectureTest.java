package dev.tally.report;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static dev.tally.testing.AppArchitectureRules.assertViolations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.zaxxer.hikari.HikariDataSource;
import dagger.Lazy;
import dev.tally.persistence.postgres.TallyPostgres;
import dev.tally.persistence.postgres.internal.MyBatisSessions;
import dev.tally.report.http.BreaksTheHttpRule;
import dev.tally.testing.AppArchitectureRules;
import dev.tally.testing.Sql;
import io.javalin.Javalin;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.ibatis.session.SqlSession;

/**
 * What Maven cannot check about report-app. No rule can pass vacuously: each selects classes that
 * exist (ArchUnit fails a rule whose selection is empty), and the last test shows each one failing
 * on a class that has the dependencies it forbids, so a misspelt package name cannot hide.
 */
@AnalyzeClasses(packages = "dev.tally.report", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "dev.tally.report";
    private static final String APP = ROOT + "..";
    private static final String WIRING = "dev.tally.report.wiring..";
    private static final String HTTP = "dev.tally.report.http..";
    private static final String PRICE_FILES = "dev.tally.report.prices..";

    @ArchTest
    static final ArchRule no_class_uses_mybatis_or_the_adapters_internals =
            AppArchitectureRules.noClassUsesMyBatisOrTheAdaptersInternals(ROOT);

    @ArchTest
    static final ArchRule the_app_uses_no_other_apps_code = AppArchitectureRules.theAppUsesNoOtherAppsCode(ROOT);

    @ArchTest
    static final ArchRule only_the_composition_root_uses_dagger = AppArchitectureRules.onlyTheCompositionRootUsesDagger(ROOT);

    @ArchTest
    static final ArchRule only_main_touches_the_connection_pool =
            AppArchitectureRules.onlyMainTouchesTheConnectionPool(ROOT, ReportMain.class);

    @ArchTest
    static final ArchRule only_the_http_interface_and_the_wiring_use_the_web_stack = noClasses()
            .that().resideInAPackage(APP).and().resideOutsideOfPackages(HTTP, WIRING)
            .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "io.micrometer..")
            .because("the server and its metrics are one replaceable layer over the domain's use cases");

    @ArchTest
    static final ArchRule only_the_http_interface_the_wiring_and_the_price_files_use_jackson = noClasses()
            .that().resideInAPackage(APP).and().resideOutsideOfPackages(HTTP, WIRING, PRICE_FILES)
            .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
            .because("JSON is the HTTP interface's format, and LiteLLM's price file's; commands and main stay plain");

    @ArchTest
    static final ArchRule the_http_interface_speaks_to_use_cases_not_to_the_database = noClasses()
            .that().resideInAPackage(HTTP)
            .should().dependOnClassesThat().resideInAnyPackage("dev.tally.persistence..", "dev.tally.migrations..")
            .because("routes call the domain's use cases, which reach the database through ports (STYLE 4)");

    @ArchTest
    static void every_rule_fails_on_a_class_with_the_dependencies_it_forbids(JavaClasses ignored) {
        JavaClasses breaker = new ClassFileImporter().importClasses(BreaksEveryRule.class);
        assertViolations(no_class_uses_mybatis_or_the_adapters_internals, breaker, SqlSession.class, MyBatisSessions.class);
        assertViolations(the_app_uses_no_other_apps_code, breaker, Sql.class);
        assertViolations(only_the_composition_root_uses_dagger, breaker, Lazy.class);
        assertViolations(only_main_touches_the_connection_pool, breaker, HikariDataSource.class);
        assertViolations(only_the_http_interface_and_the_wiring_use_the_web_stack, breaker, Javalin.class,
                MeterRegistry.class);
        assertViolations(only_the_http_interface_the_wiring_and_the_price_files_use_jackson, breaker, ObjectMapper.class);
        JavaClasses httpBreaker = new ClassFileImporter().importClasses(BreaksTheHttpRule.class);
        assertViolations(the_http_interface_speaks_to_use_cases_not_to_the_database, httpBreaker, TallyPostgres.class);
    }

    /** Test code only, in the app's package: it has every dependency the rules forbid. */
    @SuppressWarnings("unused")
    private static final class BreaksEveryRule {
        private SqlSession mybatis;
        private MyBatisSessions adapterInternals;
        private Sql testSupport;
        private Lazy<String> dagger;
        private HikariDataSource pool;
        private Javalin server;
        private ObjectMapper json;
        private MeterRegistry metrics;
    }
}
