package io.gaara.adapters.crypto.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13;
import static org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id;

import io.gaara.application.port.out.crypto.PasswordHasher.PasswordCheck;
import io.gaara.domain.Password;
import io.gaara.domain.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters.Builder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Argon2PasswordHasherTest {
    private static final Password PASSWORD = new Password("correct horse battery staple");
    private static final Pattern PHC =
            Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");

    // Made with Debian 12's C reference implementation (package argon2 0~20171227-0.3+deb12u1):
    //   printf 'correct horse battery staple' | argon2 SALT -id -t T -k M -p P -l 32 -e   (add -v 10 for v=16)
    static final String C_REFERENCE_OWASP =
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQxNmJ5dGVzIQ$W2/hNMtQKxyFQI3cOFyMdL9hfH0kK/3DKouGLtcZUyw";
    static final String C_REFERENCE_CHEAP =
            "$argon2id$v=19$m=1024,t=1,p=1$Y2hlYXBzYWx0MTZieXRlcw$azrdi+1fvbxCUCbULHJILa234ozp2j4wO29fn4H3dEU";
    static final String C_REFERENCE_OLD_PARAMETERS =
            "$argon2id$v=19$m=65536,t=3,p=4$b2xkcGFyYW1zYWx0MTIzNA$OyW4Vrz/H8wNtrG2X8MprD8ylTVFVVtajbGVSAQTelI";
    static final String C_REFERENCE_VERSION_10 =
            "$argon2id$v=16$m=19456,t=2,p=1$dmVyc2lvbjEwc2FsdCEhIQ$May8SGb4ju1FaPsMQRrm7/ohdL2dqE5YLbExyzSf40M";
    // printf 'pässwörd-ñ-日本語' | argon2 unicodesalt16byt -id -t 2 -k 19456 -p 1 -l 32 -e
    static final String C_REFERENCE_UNICODE =
            "$argon2id$v=19$m=19456,t=2,p=1$dW5pY29kZXNhbHQxNmJ5dA$lyAcf7rupd8fhq/b+I5zylani/fgNDJRZSbVtIh+sA4";
    // Same, argon2i (-i): a variant we never wrote, so it is not accepted.
    static final String C_REFERENCE_ARGON2I =
            "$argon2i$v=19$m=19456,t=2,p=1$YXJnb24yaXNhbHQxNmJ5dA$BBvWKi9M6aDA+NoBwLHvGEFmdavCiN36RbVQOrHWMYg";

    private final Argon2PasswordHasher owasp = new Argon2PasswordHasher();
    private final Argon2PasswordHasher cheap = new Argon2PasswordHasher(Argon2PasswordHasherContractTest.CHEAP);

    @Test
    void givenDefaultHasher_whenHashing_thenPhcStringWithOwaspParameters16ByteSaltAnd32ByteHash() {
        Matcher phc = PHC.matcher(owasp.hash(PASSWORD).value());

        assertThat(phc.matches()).isTrue();
        assertThat(phc.group(1)).isEqualTo("19456");
        assertThat(phc.group(2)).isEqualTo("2");
        assertThat(phc.group(3)).isEqualTo("1");
        assertThat(phc.group(4)).hasSize(22);
        assertThat(Base64.getDecoder().decode(phc.group(4))).hasSize(16);
        assertThat(Base64.getDecoder().decode(phc.group(5))).hasSize(32);
    }

    @Test
    void givenConfiguredParameters_whenHashing_thenTheyAreWrittenInTheHash() {
        String hash = new Argon2PasswordHasher(new Argon2Parameters(2048, 3, 2))
                .hash(PASSWORD)
                .value();

        assertThat(hash).startsWith("$argon2id$v=19$m=2048,t=3,p=2$");
    }

    @Test
    void givenOurHash_whenRecomputedWithBouncyCastle_thenSameBytes() {
        // An independent implementation guards the PHC encoding: salt and hash are where we say they are.
        Matcher phc = PHC.matcher(cheap.hash(PASSWORD).value());
        assertThat(phc.matches()).isTrue();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Builder(ARGON2_id)
                .withVersion(ARGON2_VERSION_13)
                .withMemoryAsKB(1024)
                .withIterations(1)
                .withParallelism(1)
                .withSalt(Base64.getDecoder().decode(phc.group(4)))
                .build());
        byte[] expected = new byte[32];
        generator.generateBytes(PASSWORD.value().getBytes(StandardCharsets.UTF_8), expected);

        assertThat(Base64.getDecoder().decode(phc.group(5))).isEqualTo(expected);
    }

    @Test
    void givenCReferenceHashWithCurrentParameters_whenChecked_thenMatch() {
        assertThat(owasp.verify(PASSWORD, new PasswordHash(C_REFERENCE_OWASP))).isEqualTo(PasswordCheck.MATCH);
        assertThat(owasp.verify(new Password("pässwörd-ñ-日本語"), new PasswordHash(C_REFERENCE_UNICODE)))
                .isEqualTo(PasswordCheck.MATCH);
        assertThat(cheap.verify(PASSWORD, new PasswordHash(C_REFERENCE_CHEAP))).isEqualTo(PasswordCheck.MATCH);
    }

    @Test
    void givenCReferenceHash_whenWrongPassword_thenMismatch() {
        assertThat(owasp.verify(new Password("correct horse battery stapler"), new PasswordHash(C_REFERENCE_OWASP)))
                .isEqualTo(PasswordCheck.MISMATCH);
        assertThat(owasp.verify(new Password("passwörd-ñ-日本語"), new PasswordHash(C_REFERENCE_UNICODE)))
                .isEqualTo(PasswordCheck.MISMATCH);
    }

    @Test
    void givenHashWithOtherParameters_whenRightPassword_thenMatchNeedsRehash() {
        assertThat(owasp.verify(PASSWORD, new PasswordHash(C_REFERENCE_OLD_PARAMETERS)))
                .isEqualTo(PasswordCheck.MATCH_NEEDS_REHASH);
        assertThat(owasp.verify(PASSWORD, new PasswordHash(C_REFERENCE_CHEAP)))
                .isEqualTo(PasswordCheck.MATCH_NEEDS_REHASH);
        assertThat(cheap.verify(PASSWORD, new PasswordHash(C_REFERENCE_OWASP)))
                .isEqualTo(PasswordCheck.MATCH_NEEDS_REHASH);
    }

    @Test
    void givenHashWithOtherParameters_whenWrongPassword_thenMismatchNotRehash() {
        assertThat(owasp.verify(new Password("wrong"), new PasswordHash(C_REFERENCE_OLD_PARAMETERS)))
                .isEqualTo(PasswordCheck.MISMATCH);
    }

    @Test
    void givenParametersRaised_whenOldHashChecked_thenRehashAndNewHashMatches() {
        PasswordHash before = cheap.hash(PASSWORD);
        Argon2PasswordHasher raised = new Argon2PasswordHasher(new Argon2Parameters(2048, 1, 1));

        assertThat(raised.verify(PASSWORD, before)).isEqualTo(PasswordCheck.MATCH_NEEDS_REHASH);
        assertThat(raised.verify(PASSWORD, raised.hash(PASSWORD))).isEqualTo(PasswordCheck.MATCH);
    }

    @Test
    void givenArgon2Version10Hash_whenRightPassword_thenMatchNeedsRehash() {
        assertThat(owasp.verify(PASSWORD, new PasswordHash(C_REFERENCE_VERSION_10)))
                .isEqualTo(PasswordCheck.MATCH_NEEDS_REHASH);
        assertThat(owasp.verify(new Password("wrong"), new PasswordHash(C_REFERENCE_VERSION_10)))
                .isEqualTo(PasswordCheck.MISMATCH);
    }

    @Test
    void givenOtherSaltOrHashLength_whenRightPassword_thenMatchNeedsRehash() {
        // printf 'correct horse battery staple' | argon2 salt8byt -id -t 2 -k 19456 -p 1 -l 16 -e  (Debian argon2 CLI)
        String shortSaltShortHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdDhieXQ$IUB/Mhvaifx6/yWe2arv0g";

        assertThat(owasp.verify(PASSWORD, new PasswordHash(shortSaltShortHash)))
                .isEqualTo(PasswordCheck.MATCH_NEEDS_REHASH);
    }

    @Test
    void givenArgon2iHash_whenChecked_thenMismatchBecauseWeNeverWroteThatVariant() {
        assertThat(owasp.verify(PASSWORD, new PasswordHash(C_REFERENCE_ARGON2I)))
                .isEqualTo(PasswordCheck.MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // a corrupted row must not make us allocate 4 GiB or run for minutes
                "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQxNmJ5dGVzIQ$W2/hNMtQKxyFQI3cOFyMdL9hfH0kK/3DKouGLtcZUyw",
                "$argon2id$v=19$m=19456,t=999,p=1$c29tZXNhbHQxNmJ5dGVzIQ$W2/hNMtQKxyFQI3cOFyMdL9hfH0kK/3DKouGLtcZUyw",
                "$argon2id$v=19$m=19456,t=2,p=99$c29tZXNhbHQxNmJ5dGVzIQ$W2/hNMtQKxyFQI3cOFyMdL9hfH0kK/3DKouGLtcZUyw",
                "$argon2id$v=19$m=19456,t=0,p=1$c29tZXNhbHQxNmJ5dGVzIQ$W2/hNMtQKxyFQI3cOFyMdL9hfH0kK/3DKouGLtcZUyw",
                "$argon2id$v=18$m=19456,t=2,p=1$c29tZXNhbHQxNmJ5dGVzIQ$W2/hNMtQKxyFQI3cOFyMdL9hfH0kK/3DKouGLtcZUyw",
                "$argon2id$v=19$t=2,m=19456,p=1$c29tZXNhbHQxNmJ5dGVzIQ$W2/hNMtQKxyFQI3cOFyMdL9hfH0kK/3DKouGLtcZUyw",
                "$argon2id$v=19$m=19456,t=2,p=1$c29tZQ$W2/hNMtQKxyFQI3cOFyMdL9hfH0kK/3DKouGLtcZUyw",
                "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQxNmJ5dGVzIQ$W2/hNMtQKxyFQI3cOFyMdL9hfH0kK/3DKouGLtcZUy",
                "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQxNmJ5dGVzIQ"
                        + "$W2/hNMtQKxyFQI3cOFyMdL9hfH0kK/3DKouGLtcZUyw$extra",
                "$ARGON2ID$v=19$m=19456,t=2,p=1$c29tZXNhbHQxNmJ5dGVzIQ$W2/hNMtQKxyFQI3cOFyMdL9hfH0kK/3DKouGLtcZUyw",
            })
    void givenMalformedOrOutOfBoundsArgon2Hash_whenChecked_thenQuickMismatch(String hash) {
        long start = System.nanoTime();

        assertThat(owasp.verify(PASSWORD, new PasswordHash(hash))).isEqualTo(PasswordCheck.MISMATCH);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void givenParametersOutOfBounds_whenConstructed_thenRefused() {
        assertThatThrownBy(() -> new Argon2Parameters(4, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Parameters(19456, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Parameters(19456, 2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Parameters(2 << 20, 2, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenOwaspConstant_whenRead_thenNineteenMebibytesTwoPassesOneLane() {
        assertThat(Argon2Parameters.OWASP).isEqualTo(new Argon2Parameters(19_456, 2, 1));
    }

    @Test
    void givenHasher_whenPrinted_thenShowsParametersOnly() {
        assertThat(owasp.toString()).contains("19456").doesNotContain("$argon2id$");
    }
}
