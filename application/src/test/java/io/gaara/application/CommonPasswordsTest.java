package io.gaara.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.domain.Password;
import io.gaara.domain.PasswordPolicy;
import io.gaara.domain.WeakPasswordException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CommonPasswordsTest {

    @Test
    void givenShippedList_whenLoaded_thenAtLeastTenThousandPasswords() {
        assertThat(CommonPasswords.load()).hasSizeGreaterThanOrEqualTo(10_000);
    }

    @Test
    void givenShippedList_whenLoaded_thenWellKnownLongPasswordsAreIn() {
        // all in the source's top 100 and at least 8 characters, so the length rule alone would let them through
        assertThat(CommonPasswords.load())
                .contains(
                        "password",
                        "12345678",
                        "qwertyuiop",
                        "1qaz2wsx",
                        "sunshine",
                        "iloveyou",
                        "trustno1",
                        "password1");
    }

    @Test
    void givenShippedList_whenLoaded_thenEveryEntryIsLowerCaseAndLongEnoughToMatter() {
        // the policy lower-cases input before looking it up, and refuses anything shorter than
        // MIN_LENGTH before consulting the list: an upper-case or short entry could never match
        assertThat(CommonPasswords.load()).allSatisfy(p -> {
            assertThat(p).isEqualTo(p.toLowerCase(Locale.ROOT));
            assertThat(p.codePointCount(0, p.length())).isGreaterThanOrEqualTo(PasswordPolicy.MIN_LENGTH);
        });
    }

    @Test
    void givenHeaderComments_whenLoaded_thenNoneBecomesAPassword() throws IOException {
        List<String> lines = resourceLines();
        assertThat(lines.get(0)).startsWith("#");
        assertThat(lines).anyMatch(l -> l.startsWith("# Source: npm package @zxcvbn-ts/language-common "));
        assertThat(lines).anyMatch(l -> l.contains("(MIT)"));
        assertThat(CommonPasswords.load()).noneMatch(p -> p.startsWith("#") || p.isBlank());
        long dataLines =
                lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        assertThat(CommonPasswords.load()).hasSize((int) dataLines);
    }

    @Test
    void givenRepeatedCalls_whenLoaded_thenTheSameImmutableSetIsShared() {
        var first = CommonPasswords.load();
        assertThat(CommonPasswords.load()).isSameAs(first);
        assertThatThrownBy(() -> first.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void givenPolicyWithShippedList_whenCommonPasswordInAnyCase_thenRefused() {
        var policy = new PasswordPolicy(CommonPasswords.load());
        assertThatThrownBy(() -> policy.check(new Password("QwertyUIOP"))).isInstanceOf(WeakPasswordException.class);
        assertThatCode(() -> policy.check(new Password("violet-harbour-tram-42")))
                .doesNotThrowAnyException();
    }

    private static List<String> resourceLines() throws IOException {
        try (InputStream in = CommonPasswords.class.getResourceAsStream(CommonPasswords.RESOURCE)) {
            assertThat(in).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
