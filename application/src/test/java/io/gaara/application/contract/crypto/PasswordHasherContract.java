package io.gaara.application.contract.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.crypto.PasswordHasher;
import io.gaara.application.port.out.crypto.PasswordHasher.PasswordCheck;
import io.gaara.domain.Password;
import io.gaara.domain.PasswordHash;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every {@link PasswordHasher} must do; subclass it once per implementation. */
public abstract class PasswordHasherContract {
    protected static final Password PASSWORD = new Password("correct horse battery staple");

    protected PasswordHasher hasher;

    /** A fresh hasher; make it cheap (small cost parameters) unless the test is about cost. */
    protected abstract PasswordHasher createHasher();

    @BeforeEach
    void createSubject() {
        hasher = createHasher();
    }

    @Test
    void givenFreshHash_whenSamePasswordChecked_thenMatchWithoutRehash() {
        PasswordHash hash = hasher.hash(PASSWORD);

        assertThat(hasher.verify(PASSWORD, hash)).isEqualTo(PasswordCheck.MATCH);
    }

    @Test
    void givenFreshHash_whenOtherPasswordChecked_thenMismatch() {
        PasswordHash hash = hasher.hash(PASSWORD);

        assertThat(hasher.verify(new Password("correct horse battery stapl"), hash))
                .isEqualTo(PasswordCheck.MISMATCH);
        assertThat(hasher.verify(new Password("Correct horse battery staple"), hash))
                .isEqualTo(PasswordCheck.MISMATCH);
        assertThat(hasher.verify(new Password("correct horse battery staple "), hash))
                .isEqualTo(PasswordCheck.MISMATCH);
    }

    @Test
    void givenSamePasswordTwice_whenHashed_thenSaltMakesHashesDiffer() {
        PasswordHash first = hasher.hash(PASSWORD);
        PasswordHash second = hasher.hash(PASSWORD);

        assertThat(first.value()).isNotEqualTo(second.value());
        assertThat(hasher.verify(PASSWORD, second)).isEqualTo(PasswordCheck.MATCH);
    }

    @Test
    void givenHash_whenInspected_thenPasswordNotInIt() {
        PasswordHash hash = hasher.hash(PASSWORD);

        assertThat(hash.value()).doesNotContain(PASSWORD.value()).doesNotContain("horse");
    }

    @Test
    void givenNonAsciiPassword_whenHashedAndChecked_thenMatchesOnlyItself() {
        Password unicode = new Password("pässwörd-ñ-日本語-🔑");
        PasswordHash hash = hasher.hash(unicode);

        assertThat(hasher.verify(unicode, hash)).isEqualTo(PasswordCheck.MATCH);
        assertThat(hasher.verify(new Password("passwörd-ñ-日本語-🔑"), hash)).isEqualTo(PasswordCheck.MISMATCH);
    }

    @Test
    void givenLongestAllowedPassword_whenHashedAndChecked_thenMatchesAndLastCharacterCounts() {
        String longest = "x".repeat(Password.MAX_LENGTH - 1);
        PasswordHash hash = hasher.hash(new Password(longest + "a"));

        assertThat(hasher.verify(new Password(longest + "a"), hash)).isEqualTo(PasswordCheck.MATCH);
        assertThat(hasher.verify(new Password(longest + "b"), hash)).isEqualTo(PasswordCheck.MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "garbage",
                "$",
                "$$$$",
                "$argon2id$",
                "$argon2id$v=19$m=19456,t=2,p=1$$",
                "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$!!!notbase64!!!",
                "$2b$",
                "$2b$12$short",
                "pbkdf2:sha256:",
                "pbkdf2:sha256:600000$salt$nothex",
                "pbkdf2:md5:1000$salt$00",
                "fake$v1$$",
                "fake$v1$00$00",
                "scrypt:32768:8:1$salt$00",
                "{bcrypt}whatever",
                " ",
                "\u0000"
            })
    void givenUnusableStoredHash_whenChecked_thenMismatchAndNoException(String garbage) {
        assertThat(hasher.verify(PASSWORD, new PasswordHash(garbage + "x"))).isEqualTo(PasswordCheck.MISMATCH);
    }

    @Test
    void givenHashOfOtherPassword_whenTruncated_thenMismatchAndNoException() {
        String hash = hasher.hash(PASSWORD).value();

        assertThat(hasher.verify(PASSWORD, new PasswordHash(hash.substring(0, hash.length() - 4))))
                .isEqualTo(PasswordCheck.MISMATCH);
    }
}
