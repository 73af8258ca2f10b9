package dev.tally.persistence.postgres;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.tally.persistence.postgres", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule only_the_internal_package_uses_mybatis = noClasses()
            .that().resideOutsideOfPackage("..persistence.postgres.internal..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.ibatis..")
            .because("MyBatis is how this adapter works, not something its users should see (STYLE 6)");

    @ArchTest
    static final ArchRule the_facade_is_the_only_public_class_outside_internal = classes()
            .that().resideInAPackage("dev.tally.persistence.postgres")
            .and().arePublic()
            .should().haveSimpleName("TallyPostgres")
            .because("apps reach the adapters through one facade built from a DataSource (STYLE 6)");

    @ArchTest
    static final ArchRule mappers_are_internal_interfaces = classes()
            .that().haveSimpleNameEndingWith("Mapper")
            .should().beInterfaces()
            .andShould().resideInAPackage("..persistence.postgres.internal..")
            .because("the word Mapper means a MyBatis mapper and nothing else (STYLE 6)");

    @ArchTest
    static final ArchRule the_adapters_never_build_a_connection_pool = noClasses()
            .should().dependOnClassesThat().resideInAPackage("com.zaxxer.hikari..")
            .because("the app owns the pool and hands the adapters a DataSource (STYLE 8)");
}
