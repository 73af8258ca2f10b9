package dev.tally.backfill;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static dev.tally.testing.AppArchitectureRules.assertViolations;

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
import dev.tally.testing.AppArchitectureRules;
import dev.tally.testing.Sql;
import org.apache.ibatis.session.SqlSession;

/**
 * What Maven cannot check about backfill-app. No rule can pass vacuously: each selects classes that
 * exist (ArchUnit fails a rule whose selection is empty), and the last test shows each one failing
 * on a class that has the dependencies it forbids, so a misspelt package name cannot hide.
 */
@AnalyzeClasses(packages = "dev.tally.backfill", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "dev.tally.backfill";
    private static final String APP = ROOT + "..";
    private static final String WIRING = "dev.tally.backfill.wiring..";

    @ArchTest
    static final ArchRule no_class_uses_mybatis_or_the_adapters_internals =
            AppArchitectureRules.noClassUsesMyBatisOrTheAdaptersInternals(ROOT);

    @ArchTest
    static final ArchRule the_app_uses_no_other_apps_code = AppArchitectureRules.theAppUsesNoOtherAppsCode(ROOT);

    @ArchTest
    static final ArchRule only_the_composition_root_uses_dagger = AppArchitectureRules.onlyTheCompositionRootUsesDagger(ROOT);

    @ArchTest
    static final ArchRule only_main_touches_the_connection_pool =
            AppArchitectureRules.onlyMainTouchesTheConnectionPool(ROOT, BackfillMain.class);

    @ArchTest
    static final ArchRule only_the_composition_root_knows_the_postgresql_adapter = noClasses()
            .that().resideInAPackage(APP).and().resideOutsideOfPackage(WIRING)
            .should().dependOnClassesThat().resideInAPackage("dev.tally.persistence.postgres..")
            .because("the app runs the domain's use cases over their ports; which adapter implements them is the "
                    + "wiring's choice (STYLE 4, 8)");

    @ArchTest
    static final ArchRule only_the_system_terminal_touches_the_standard_streams = noClasses()
            .that().resideInAPackage(APP).and().doNotBelongToAnyOf(SystemTerminal.class)
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .orShould().callMethod(System.class, "console")
            .because("plan, progress, questions and summary reach the operator through Terminal, the one seam the "
                    + "tests script and capture");

    @ArchTest
    static void every_rule_fails_on_a_class_with_the_dependencies_it_forbids(JavaClasses ignored) {
        JavaClasses breaker = new ClassFileImporter().importClasses(BreaksEveryRule.class);
        assertViolations(no_class_uses_mybatis_or_the_adapters_internals, breaker, SqlSession.class, MyBatisSessions.class);
        assertViolations(the_app_uses_no_other_apps_code, breaker, Sql.class);
        assertViolations(only_the_composition_root_uses_dagger, breaker, Lazy.class);
        assertViolations(only_main_touches_the_connection_pool, breaker, HikariDataSource.class);
        assertViolations(only_the_composition_root_knows_the_postgresql_adapter, breaker, TallyPostgres.class);
        assertViolations(only_the_system_terminal_touches_the_standard_streams, breaker, "System.out", "System.err",
                "System.console()");
    }

    /** Test code only, in the app's package: it has every dependency the rules forbid. */
    @SuppressWarnings("unused")
    private static final class BreaksEveryRule {
        private SqlSession mybatis;
        private MyBatisSessions adapterInternals;
        private Sql testSupport;
        private Lazy<String> dagger;
        private HikariDataSource pool;
        private TallyPostgres adapter;

        void talkPastTheTerminal() {
            System.out.println(System.console());
            System.err.println();
        }
    }
}
