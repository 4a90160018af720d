package io.gaara.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {
    // A few entries as the shipped list holds them: lower-case. The real list is tested in application.
    private static final Set<String> COMMON = Set.of("password1", "qwertyuiop", "iloveyou");
    private final PasswordPolicy policy = new PasswordPolicy(COMMON);

    @Test
    void givenSevenCharacters_whenChecked_thenRefusedNamingTheMinimum() {
        assertThatThrownBy(() -> policy.check(new Password("k7#vq2m")))
                .isInstanceOf(WeakPasswordException.class)
                .hasMessageContaining("at least 8");
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 9, 64, 128})
    void givenLengthWithinLimits_whenChecked_thenAccepted(int length) {
        assertThatCode(() -> policy.check(new Password(uncommon(length)))).doesNotThrowAnyException();
    }

    @Test
    void given129Characters_whenChecked_thenRefusedNamingTheMaximum() {
        assertThatThrownBy(() -> policy.check(new Password(uncommon(129))))
                .isInstanceOf(WeakPasswordException.class)
                .hasMessageContaining("at most 128");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password1", "Password1", "PASSWORD1", "QwertyUIOP", "ILoveYou"})
    void givenCommonPasswordInAnyCase_whenChecked_thenRefused(String common) {
        assertThatThrownBy(() -> policy.check(new Password(common)))
                .isInstanceOf(WeakPasswordException.class)
                .hasMessageContaining("commonly used");
    }

    @Test
    void givenCommonPassword_whenRefused_thenMessageDoesNotRepeatIt() {
        assertThatThrownBy(() -> policy.check(new Password("Password1")))
                .message()
                .doesNotContainIgnoringCase("password1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"correcthorsebatterystaple", "abcdefgh", "93715824", "ĉiuj-ŝatas-ĝin"})
    void givenNoMixOfCharacterClasses_whenChecked_thenAcceptedBecauseThereAreNoCompositionRules(String password) {
        assertThatCode(() -> policy.check(new Password(password))).doesNotThrowAnyException();
    }

    @Test
    void givenEmoji_whenChecked_thenLengthCountsCodePointsNotUtf16Units() {
        String sevenEmoji = "🔑".repeat(7); // 14 UTF-16 units: would pass if length counted chars
        assertThat(sevenEmoji).hasSize(14);
        assertThatThrownBy(() -> policy.check(new Password(sevenEmoji))).isInstanceOf(WeakPasswordException.class);

        assertThatCode(() -> policy.check(new Password("🔑".repeat(8)))).doesNotThrowAnyException();
        // 128 emoji are 256 UTF-16 units: accepted; one more is refused
        assertThatCode(() -> policy.check(new Password("🔑".repeat(128)))).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.check(new Password("🔑".repeat(129))))
                .isInstanceOf(WeakPasswordException.class);
    }

    @Test
    void givenCallerMutatesItsSetLater_whenChecked_thenPolicyKeepsItsOwnCopy() {
        Set<String> mutable = new HashSet<>(COMMON);
        PasswordPolicy copied = new PasswordPolicy(mutable);
        mutable.clear();
        assertThat(copied.commonPasswordCount()).isEqualTo(COMMON.size());
        assertThatThrownBy(() -> copied.check(new Password("password1"))).isInstanceOf(WeakPasswordException.class);
    }

    /** A password of exactly {@code length} characters that is in no list. */
    private static String uncommon(int length) {
        return "x7Rq".repeat(length / 4 + 1).substring(0, length);
    }
}
