package dev.tally.rollup;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static dev.tally.testing.AppArchitectureRules.assertViolations;

import com.sun.net.httpserver.HttpServer;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.zaxxer.hikari.HikariDataSource;
import dagger.Lazy;
import dev.tally.persistence.postgres.internal.MyBatisSessions;
import dev.tally.testing.AppArchitectureRules;
import dev.tally.testing.Sql;
import org.apache.ibatis.session.SqlSession;
import org.postgresql.PGConnection;

/**
 * What Maven cannot check about rollup-app. No rule can pass vacuously: each selects classes that
 * exist (ArchUnit fails a rule whose selection is empty), and the last test shows each one failing
 * on a class that has the dependencies it forbids, so a misspelt package name cannot hide.
 */
@AnalyzeClasses(packages = "dev.tally.rollup", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "dev.tally.rollup";
    private static final String APP = ROOT + "..";
    private static final String WIRING = "dev.tally.rollup.wiring..";

    @ArchTest
    static final ArchRule no_class_uses_mybatis_or_the_adapters_internals =
            AppArchitectureRules.noClassUsesMyBatisOrTheAdaptersInternals(ROOT);

    @ArchTest
    static final ArchRule the_app_uses_no_other_apps_code = AppArchitectureRules.theAppUsesNoOtherAppsCode(ROOT);

    @ArchTest
    static final ArchRule only_the_composition_root_uses_dagger = AppArchitectureRules.onlyTheCompositionRootUsesDagger(ROOT);

    @ArchTest
    static final ArchRule only_main_touches_the_connection_pool =
            AppArchitectureRules.onlyMainTouchesTheConnectionPool(ROOT, RollupMain.class);

    @ArchTest
    static final ArchRule only_the_monitoring_endpoint_speaks_http = noClasses()
            .that().resideInAPackage(APP).and().doNotBelongToAnyOf(MonitoringEndpoint.class)
            .should().dependOnClassesThat().resideInAPackage("com.sun.net.httpserver..")
            .because("health and metrics are two small endpoints on the JDK's server; nothing else in the app knows HTTP");

    @ArchTest
    static final ArchRule no_class_touches_the_driver = noClasses()
            .that().resideInAPackage(APP)
            .should().dependOnClassesThat().resideInAPackage("org.postgresql..")
            .because("SQL, and cancelling it, stays behind the persistence facade (STYLE 6)");

    @ArchTest
    static void every_rule_fails_on_a_class_with_the_dependencies_it_forbids(JavaClasses ignored) {
        JavaClasses breaker = new ClassFileImporter().importClasses(BreaksEveryRule.class);
        assertViolations(no_class_uses_mybatis_or_the_adapters_internals, breaker, SqlSession.class, MyBatisSessions.class);
        assertViolations(the_app_uses_no_other_apps_code, breaker, Sql.class);
        assertViolations(only_the_composition_root_uses_dagger, breaker, Lazy.class);
        assertViolations(only_main_touches_the_connection_pool, breaker, HikariDataSource.class);
        assertViolations(only_the_monitoring_endpoint_speaks_http, breaker, HttpServer.class);
        assertViolations(no_class_touches_the_driver, breaker, PGConnection.class);
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
