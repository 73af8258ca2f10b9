package dev.tally.rollup;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import dagger.Lazy;
import dev.tally.persistence.postgres.internal.MyBatisSessions;
import dev.tally.testing.Sql;
import java.util.List;
import org.apache.ibatis.session.SqlSession;
import org.postgresql.PGConnection;

/**
 * What Maven cannot check about rollup-app. No rule can pass vacuously: each selects classes that
 * exist (ArchUnit fails a rule whose selection is empty), and the last test shows each one failing
 * on a class that has the dependencies it forbids, so a misspelt package name cannot hide.
 */
@AnalyzeClasses(packages = "dev.tally.rollup", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String APP = "dev.tally.rollup..";
    private static final String WIRING = "dev.tally.rollup.wiring..";

    @ArchTest
    static final ArchRule no_class_uses_mybatis_or_the_adapters_internals = noClasses()
            .that().resideInAPackage(APP)
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.ibatis..", "dev.tally.persistence.postgres.internal..")
            .because("the persistence facade hands out domain ports; SQL and MyBatis stay behind it (STYLE 6)");

    @ArchTest
    static final ArchRule the_app_uses_no_other_apps_code = noClasses()
            .that().resideInAPackage(APP)
            .should().dependOnClassesThat(resideInAPackage("dev.tally..").and(resideOutsideOfPackages(APP,
                    "dev.tally.domain..", "dev.tally.persistence.postgres..", "dev.tally.migrations..", "dev.tally.app.."))
                    .as("Tally code other than its own, the domain, the persistence facade, the migrations and app-support"))
            .because("apps are built and deployed independently; what they share belongs in a shared module (STYLE 1)");

    @ArchTest
    static final ArchRule only_the_composition_root_uses_dagger = noClasses()
            .that().resideInAPackage(APP).and().resideOutsideOfPackage(WIRING)
            .should().dependOnClassesThat().resideInAnyPackage("dagger..", "jakarta.inject..", "javax.inject..")
            .because("what the app does stays plain Java; assembling it is the wiring's job (STYLE 8)");

    @ArchTest
    static final ArchRule only_main_touches_the_connection_pool = noClasses()
            .that().resideInAPackage(APP).and().doNotBelongToAnyOf(RollupMain.class)
            .should().dependOnClassesThat().resideInAPackage("com.zaxxer.hikari..")
            .because("main opens the pool and closes it; everything else receives a plain DataSource (STYLE 8)");

    @ArchTest
    static final ArchRule only_the_monitoring_endpoint_speaks_http = noClasses()
            .that().resideInAPackage(APP).and().doNotBelongToAnyOf(MonitoringEndpoint.class)
            .should().dependOnClassesThat().resideInAPackage("com.sun.net.httpserver..")
            .because("health and metrics are two small endpoints on the JDK's server; nothing else in the app knows HTTP");

    @ArchTest
    static final ArchRule only_the_cancelling_data_source_touches_the_driver = noClasses()
            .that().resideInAPackage(APP).and().doNotBelongToAnyOf(InFlightConnections.class)
            .should().dependOnClassesThat().resideInAPackage("org.postgresql..")
            .because("SQL stays behind the persistence facade; the driver is used only to cancel a tick at the end of a "
                    + "stop's grace period (STYLE 6)");

    @ArchTest
    static void every_rule_fails_on_a_class_with_the_dependencies_it_forbids(JavaClasses ignored) {
        JavaClasses breaker = new ClassFileImporter().importClasses(BreaksEveryRule.class);
        assertViolations(no_class_uses_mybatis_or_the_adapters_internals, breaker, SqlSession.class, MyBatisSessions.class);
        assertViolations(the_app_uses_no_other_apps_code, breaker, Sql.class);
        assertViolations(only_the_composition_root_uses_dagger, breaker, Lazy.class);
        assertViolations(only_main_touches_the_connection_pool, breaker, HikariDataSource.class);
        assertViolations(only_the_monitoring_endpoint_speaks_http, breaker, HttpServer.class);
        assertViolations(only_the_cancelling_data_source_touches_the_driver, breaker, PGConnection.class);
    }

    private static void assertViolations(ArchRule rule, JavaClasses breaker, Class<?>... forbidden) {
        List<String> violations = rule.evaluate(breaker).getFailureReport().getDetails();
        for (Class<?> type : forbidden) {
            assertThat(violations).as("%s, on a class using %s", rule.getDescription(), type.getName())
                    .anyMatch(violation -> violation.contains(type.getName()));
        }
    }

    /** Test code only, in the app's package: it has every dependency the rules forbid. */
    @SuppressWarnings("unused")
    private static final class BreaksEveryRule {
        private SqlSession mybatis;
        private MyBatisSessions adapterInternals;
        private Sql testSupport;
        private Lazy<String> dagger;
        private HikariDataSource pool;
        private HttpServer http;
        private PGConnection driver;
    }
}
