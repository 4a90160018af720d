package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.gaara.adapters.email.planted.EmailAdapterCallingUseCase;
import io.gaara.adapters.http.planted.HandlerReachingPastUseCases;
import io.gaara.adapters.persistence.planted.AdapterCallingUseCase;
import io.gaara.application.port.in.ForgotPasswordUseCase;
import io.gaara.application.port.in.LoginUseCase;
import io.gaara.application.port.in.TokenPair;
import io.gaara.application.port.in.planted.InPortNamingOutPort;
import io.gaara.application.port.out.crypto.IssuedToken;
import io.gaara.application.port.out.email.planted.PortNamingMailLibrary;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.application.port.out.planted.OutPortNamingInPort;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of {@link ArchitectureTest} are themselves tested: each fails on a class planted to break it (test classes,
 * never part of the product), and fails when it matches nothing at all.
 */
class ArchitectureRulesCatchViolationsTest {

    static Stream<Arguments> plantedViolations() {
        return Stream.of(
                Arguments.of("httpAdapterUsesOnlyInPorts", ArchitectureTest.httpAdapterUsesOnlyInPorts, new Class<?>[] {
                    HandlerReachingPastUseCases.class, UserRepository.class
                }),
                Arguments.of(
                        "outboundAdaptersNeverUseInPorts",
                        ArchitectureTest.outboundAdaptersNeverUseInPorts,
                        new Class<?>[] {AdapterCallingUseCase.class, LoginUseCase.class}),
                Arguments.of(
                        "outboundAdaptersNeverUseInPorts (email)",
                        ArchitectureTest.outboundAdaptersNeverUseInPorts,
                        new Class<?>[] {EmailAdapterCallingUseCase.class, ForgotPasswordUseCase.class}),
                Arguments.of(
                        "frameworksStayInAdapters (mail and templates)",
                        ArchitectureTest.frameworksStayInAdapters,
                        new Class<?>[] {PortNamingMailLibrary.class}),
                Arguments.of(
                        "inPortsNeverDependOnOutPorts",
                        ArchitectureTest.inPortsNeverDependOnOutPorts,
                        new Class<?>[] {InPortNamingOutPort.class, IssuedToken.class}),
                Arguments.of(
                        "outPortsNeverDependOnInPorts",
                        ArchitectureTest.outPortsNeverDependOnInPorts,
                        new Class<?>[] {OutPortNamingInPort.class, TokenPair.class}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plantedViolations")
    void givenPlantedViolation_whenRuleChecked_thenItFails(String name, ArchRule rule, Class<?>[] classes) {
        JavaClasses planted = new ClassFileImporter().importClasses(classes);
        assertThatThrownBy(() -> rule.check(planted))
                .as(name)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("planted");
    }

    static Stream<Arguments> everyRule() throws IllegalAccessException {
        List<Arguments> rules = new ArrayList<>();
        for (Field field : ArchitectureTest.class.getDeclaredFields()) {
            if (field.isAnnotationPresent(ArchTest.class)) {
                rules.add(Arguments.of(field.getName(), field.get(null)));
            }
        }
        return rules.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRule")
    void givenNoMatchingClasses_whenRuleChecked_thenItFailsRatherThanPassingSilently(String name, ArchRule rule) {
        // as if a package were renamed and the rule's subject vanished: no classes at all
        JavaClasses nothing = new ClassFileImporter().importClasses(List.of());
        assertThatThrownBy(() -> rule.check(nothing)).as(name).isInstanceOf(AssertionError.class);
    }

    @Test
    void everyRuleIsCheckedForEmptiness() throws IllegalAccessException {
        assertThat(everyRule()).hasSizeGreaterThanOrEqualTo(14);
    }
}
