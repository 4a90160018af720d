package io.gaara.adapters.email;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The email adapter implements its out-ports and nothing else of the application: no use case, no service, no other
 * port's concern, and no library beyond the ones it declares. Bootstrap's ArchitectureTest checks the arrows between
 * modules once it has this one on its class path; this keeps the module honest on its own.
 */
@AnalyzeClasses(packages = "io.gaara.adapters.email", importOptions = ImportOption.DoNotIncludeTests.class)
class EmailAdapterArchitectureTest {

    @ArchTest
    static final ArchRule usesOnlyTheEmailPortsTheDomainAndItsOwnLibraries = classes()
            .that()
            .resideInAPackage("io.gaara.adapters.email..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                    "java..",
                    "javax.net.ssl..",
                    "io.gaara.adapters.email..",
                    "io.gaara.application.port.out.email..",
                    "io.gaara.domain..",
                    "jakarta.mail..",
                    "org.eclipse.angus.mail..",
                    "com.samskivert.mustache..",
                    "com.fasterxml.jackson..",
                    "org.slf4j..");
}
