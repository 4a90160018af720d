package io.gaara.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The arrows of the hexagon, checked on the compiled classes of every module (they are all on bootstrap's class path).
 * failOnEmptyShould stays on: a rule that matches nothing fails.
 */
@AnalyzeClasses(
        packages = "io.gaara",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

    /** The application's fakes and contract tests reach bootstrap as a test-jar; they are tests, not the product. */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar")
                    && !location.contains("/test-classes/")
                    && !location.contains("test-support");
        }
    }

    @ArchTest
    static final ArchRule domainImportsOnlyJava = classes()
            .that()
            .resideInAPackage("io.gaara.domain..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "io.gaara.domain..");

    @ArchTest
    static final ArchRule applicationImportsOnlyJavaAndDomain = classes()
            .that()
            .resideInAPackage("io.gaara.application..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "io.gaara.domain..", "io.gaara.application..");

    @ArchTest
    static final ArchRule portsNeverDependOnServices = noClasses()
            .that()
            .resideInAPackage("io.gaara.application.port..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.gaara.application.service..");

    @ArchTest
    static final ArchRule adaptersNeverDependOnServices = noClasses()
            .that()
            .resideInAPackage("io.gaara.adapters..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.gaara.application.service..");

    @ArchTest
    static final ArchRule inPortsNeverDependOnOutPorts = noClasses()
            .that()
            .resideInAPackage("io.gaara.application.port.in..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.gaara.application.port.out..");

    @ArchTest
    static final ArchRule outPortsNeverDependOnInPorts = noClasses()
            .that()
            .resideInAPackage("io.gaara.application.port.out..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.gaara.application.port.in..");

    /** The driving adapter asks the application through its use cases only, never past them to what they use. */
    @ArchTest
    static final ArchRule httpAdapterUsesOnlyInPorts = noClasses()
            .that()
            .resideInAPackage("io.gaara.adapters.http..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.gaara.application.port.out..", "io.gaara.application.service..");

    /** Driven adapters implement out-ports; a use case is never theirs to call. */
    @ArchTest
    static final ArchRule outboundAdaptersNeverUseInPorts = noClasses()
            .that()
            .resideInAnyPackage(
                    "io.gaara.adapters.persistence..",
                    "io.gaara.adapters.crypto..",
                    "io.gaara.adapters.secrets..",
                    "io.gaara.adapters.email..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.gaara.application.port.in..");

    @ArchTest
    static final ArchRule adaptersNeverDependOnEachOther =
            slices().matching("io.gaara.adapters.(*)..").should().notDependOnEachOther();

    @ArchTest
    static final ArchRule nothingDependsOnBootstrap = noClasses()
            .that()
            .resideOutsideOfPackage("io.gaara.bootstrap..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.gaara.bootstrap..");

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("io.gaara.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule inPortsAreUseCaseInterfaces = classes()
            .that()
            .resideInAPackage("io.gaara.application.port.in..")
            .and()
            .haveSimpleNameEndingWith("UseCase")
            .should()
            .beInterfaces();

    @ArchTest
    static final ArchRule servicesImplementUseCases = classes()
            .that()
            .resideInAPackage("io.gaara.application.service..")
            .and()
            .haveSimpleNameEndingWith("Service")
            .should()
            .implement(DescribedPredicate.describe(
                    "a use case", (JavaClass c) -> c.getSimpleName().endsWith("UseCase")));

    @ArchTest
    static final ArchRule frameworksStayInAdapters = noClasses()
            .that()
            .resideInAnyPackage("io.gaara.domain..", "io.gaara.application..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.javalin..",
                    "org.jdbi..",
                    "io.jsonwebtoken..",
                    "com.fasterxml..",
                    "org.slf4j..",
                    "software.amazon..",
                    "org.springframework..",
                    "io.github.resilience4j..",
                    "jakarta.mail..",
                    "org.eclipse.angus..",
                    "com.samskivert..");
}
