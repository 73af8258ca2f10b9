package dev.tally.testing;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layering rules every app shares (STYLE 1, 6, 8), for an app's {@code ArchitectureTest} to
 * declare as its own {@code @ArchTest} fields, and the check that shows each rule failing on a class
 * that breaks it, so a misspelt package cannot make a rule pass vacuously.
 */
public final class AppArchitectureRules {

    private AppArchitectureRules() {
    }

    /** {@code app} is the app's root package, such as {@code dev.tally.rollup}. */
    public static ArchRule noClassUsesMyBatisOrTheAdaptersInternals(String app) {
        return noClasses().that().resideInAPackage(app + "..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.ibatis..", "dev.tally.persistence.postgres.internal..")
                .because("the persistence facade hands out domain ports; SQL and MyBatis stay behind it (STYLE 6)");
    }

    public static ArchRule theAppUsesNoOtherAppsCode(String app) {
        return noClasses().that().resideInAPackage(app + "..")
                .should().dependOnClassesThat(resideInAPackage("dev.tally..").and(resideOutsideOfPackages(app + "..",
                        "dev.tally.domain..", "dev.tally.persistence.postgres..", "dev.tally.migrations..", "dev.tally.app.."))
                        .as("Tally code other than its own, the domain, the persistence facade, the migrations and app-support"))
                .because("apps are built and deployed independently; what they share belongs in a shared module (STYLE 1)");
    }

    public static ArchRule onlyTheCompositionRootUsesDagger(String app) {
        return noClasses().that().resideInAPackage(app + "..").and().resideOutsideOfPackage(app + ".wiring..")
                .should().dependOnClassesThat().resideInAnyPackage("dagger..", "jakarta.inject..", "javax.inject..")
                .because("what the app does stays plain Java; assembling it is the wiring's job (STYLE 8)");
    }

    public static ArchRule onlyMainTouchesTheConnectionPool(String app, Class<?> main) {
        return noClasses().that().resideInAPackage(app + "..").and().doNotBelongToAnyOf(main)
                .should().dependOnClassesThat().resideInAPackage("com.zaxxer.hikari..")
                .because("main opens the pool and closes it; everything else receives a plain DataSource (STYLE 8)");
    }

    /** Asserts that {@code rule}, run on {@code breaker}, reports a use of each forbidden class. */
    public static void assertViolations(ArchRule rule, JavaClasses breaker, Class<?>... forbidden) {
        assertViolations(rule, breaker, Stream.of(forbidden).map(Class::getName).toArray(String[]::new));
    }

    /** Asserts that {@code rule}, run on {@code breaker}, reports each forbidden use (as ArchUnit words it). */
    public static void assertViolations(ArchRule rule, JavaClasses breaker, String... forbiddenUses) {
        List<String> violations = rule.evaluate(breaker).getFailureReport().getDetails();
        for (String use : forbiddenUses) {
            assertThat(violations).as("%s, on a class using %s", rule.getDescription(), use)
                    .anyMatch(violation -> violation.contains(use));
        }
    }
}
