package io.gaara.adapters.crypto.password;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.gaara.application.port.out.crypto.PasswordHasher.PasswordCheck;
import io.gaara.domain.Password;
import io.gaara.domain.PasswordHash;
import io.gaara.testsupport.CapturedLogs;
import java.time.Duration;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Users imported from the Flask system log in with their old bcrypt or Werkzeug hashes and are then moved to argon2id.
 *
 * <p>Vectors made with the reference implementations (Python 3.11):
 *
 * <pre>
 * pip install werkzeug==3.1.8 bcrypt==5.0.0
 * bcrypt.hashpw(pw.encode(), bcrypt.gensalt(rounds=4, prefix=b"2a"))     # and b"2b", rounds=12
 * werkzeug.security.generate_password_hash(pw, method="pbkdf2:sha256:600000", salt_length=16)
 * werkzeug.security.generate_password_hash(pw)                            # default: scrypt:32768:8:1
 * werkzeug.security.generate_password_hash(pw, method="scrypt:16384:8:1")
 * </pre>
 *
 * The $2y$ vector is the $2b$ one with the prefix changed (PHP's name for the same algorithm); bcrypt.checkpw accepts
 * it. The over-72-byte vector needs bcrypt 4.3.0, which cut long passwords silently as the Flask system's library did
 * (5.0 refuses them).
 */
class LegacyHashesTest {
    private static final Password PASSWORD = new Password("correct horse battery staple");
    private static final Password UNICODE = new Password("pässwörd-ñ-日本語");

    static final String BCRYPT_2A = "$2a$04$QbCnytcsU5MZCjgHpoUJtOGYGl8Atew0e6M.CQSUdWVZLgDplDX5S";
    static final String BCRYPT_2B = "$2b$04$I4PhLsATroSK9hgtsyGJeelkwOopBFeMu6WpFhsA3lA5N7XvwxAgC";
    static final String BCRYPT_2B_COST_12 = "$2b$12$MtPK6SYOHhixmJ7gYacUt.5AuCm6if9wEy9gCs1F91fOP2QyQBiFS";
    static final String BCRYPT_2B_UNICODE = "$2b$04$s5.o1wg40nj16EfEG2qOxubh0zYmiatrNTCEvSoFLBGR5xI4OmZzi";
    static final String BCRYPT_2Y_UNICODE = "$2y$04$s5.o1wg40nj16EfEG2qOxubh0zYmiatrNTCEvSoFLBGR5xI4OmZzi";
    // bcrypt 4.3.0: bcrypt.hashpw(("a" * 71 + "é" + "xyz").encode(), bcrypt.gensalt(rounds=4)); the 72nd byte is é's
    // first.
    static final String BCRYPT_OVER_72_BYTES = "$2b$04$uAp17mc/4vmEp9Zo2goy4e9HjNQE67IVTUR64GSFJGPqu2K11Yuby";

    static final String WERKZEUG_SHA256 =
            "pbkdf2:sha256:600000$bU9N05HtmbA38zzq$1d6e7c13bcee4e20f72274d37b421668e8996ed2fe2ac80ebea5b3b2d2babd67";
    static final String WERKZEUG_SHA1 = "pbkdf2:sha1:1000$4NJgHyu4Lk3oD4zv$dc9f2ca6f8517140f11d87963a4531dc0804459d";
    static final String WERKZEUG_SHA512 =
            "pbkdf2:sha512:10000$qTYzgU1z2ukQYERR$79a9c8d7bffb6fb73f440b31106ac555d4fcb93f8376e03b"
                    + "3b497641bf3951d798702ce9dc157cb00d620fc957775f30b80e5dbda0376b870d8c4db7e2049125";
    static final String WERKZEUG_SHA256_UNICODE =
            "pbkdf2:sha256:50000$Z3JTDk41GBd9f7yI$f56ef64ec24df8e27a229b10f6b0b9d4f2e5ef6feaceda2c91fbbcbcfe651666";

    static final String SCRYPT_SALT = "2XzaY7cFylSBgoLd";
    static final String SCRYPT_HEX = "ecd26408ceb78da338b6a95e0921a91bcb5c29dd970dc63f11e16c61e3163365"
            + "3772350ed3e3d9102424f5c080135ed5014b0dee3ebeb37588ccf73641f5d776";
    static final String WERKZEUG_SCRYPT = "scrypt:32768:8:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX;
    static final String WERKZEUG_SCRYPT_16384 = "scrypt:16384:8:1$JXdnmhxoP5Lf3QqE$a729fbbf64f5e752d8785312d4ac9ec6"
            + "17d4ac8dd8cdaabfd3e0ae5d32787baf071f2c885716f6244921d1efe81f6bb3972bc8d41b563bc96708a944faae598d";
    static final String WERKZEUG_SCRYPT_UNICODE = "scrypt:32768:8:1$2aFs2Ll4sLgxfNuj$70e5f0ecd523996274032beb61e48fee"
            + "d4706e5805da51538616aec420d824f367814dc0ac23441d14aaa10fda16c03816cfb5d855f3bfc6477b8dac9e1877a0";

    private final Argon2PasswordHasher hasher = new Argon2PasswordHasher(Argon2PasswordHasherContractTest.CHEAP);

    private PasswordCheck check(Password password, String hash) {
        return hasher.verify(password, new PasswordHash(hash));
    }

    @ParameterizedTest
    @ValueSource(strings = {BCRYPT_2A, BCRYPT_2B, BCRYPT_2B_COST_12})
    void givenBcryptHash_whenRightPassword_thenMatchNeedsRehash(String hash) {
        assertThat(check(PASSWORD, hash)).isEqualTo(PasswordCheck.MATCH_NEEDS_REHASH);
    }

    @ParameterizedTest
    @ValueSource(strings = {BCRYPT_2A, BCRYPT_2B, BCRYPT_2B_COST_12})
    void givenBcryptHash_whenWrongPassword_thenMismatch(String hash) {
        assertThat(check(new Password("correct horse battery stapler"), hash)).isEqualTo(PasswordCheck.MISMATCH);
    }

    @Test
    void givenBcryptHashesOfUnicodePassword_when2bOr2y_thenBothMatchNeedsRehash() {
        assertThat(check(UNICODE, BCRYPT_2B_UNICODE)).isEqualTo(PasswordCheck.MATCH_NEEDS_REHASH);
        assertThat(check(UNICODE, BCRYPT_2Y_UNICODE)).isEqualTo(PasswordCheck.MATCH_NEEDS_REHASH);
        assertThat(check(new Password("passwörd-ñ-日本語"), BCRYPT_2Y_UNICODE)).isEqualTo(PasswordCheck.MISMATCH);
    }

    @Test
    void givenBcryptHashOfPasswordOver72Bytes_whenChecked_thenOnlyFirst72BytesCountAsTheOldLibraryDid() {
        String first71 = "a".repeat(71);

        assertThat(check(new Password(first71 + "éxyz"), BCRYPT_OVER_72_BYTES))
                .isEqualTo(PasswordCheck.MATCH_NEEDS_REHASH);
        assertThat(check(new Password(first71 + "ézzz"), BCRYPT_OVER_72_BYTES))
                .isEqualTo(PasswordCheck.MATCH_NEEDS_REHASH);
        assertThat(check(new Password(first71), BCRYPT_OVER_72_BYTES)).isEqualTo(PasswordCheck.MISMATCH);
        assertThat(check(new Password(first71 + "e"), BCRYPT_OVER_72_BYTES)).isEqualTo(PasswordCheck.MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "$2x$04$QbCnytcsU5MZCjgHpoUJtOGYGl8Atew0e6M.CQSUdWVZLgDplDX5S", // crypt_blowfish's buggy variant
                "$2b$31$I4PhLsATroSK9hgtsyGJeelkwOopBFeMu6WpFhsA3lA5N7XvwxAgC", // 2^31 rounds: a corrupted row
                "$2b$03$I4PhLsATroSK9hgtsyGJeelkwOopBFeMu6WpFhsA3lA5N7XvwxAgC",
                "$2b$04$I4PhLsATroSK9hgtsyGJeelkwOopBFeMu6WpFhsA3lA5N7XvwxAg",
                "$2b$04$I4PhLsATroSK9hgtsyGJeelkwOopBFeMu6WpFhsA3lA5N7XvwxAgC=",
            })
    void givenMalformedBcryptHash_whenChecked_thenMismatch(String hash) {
        assertThat(check(PASSWORD, hash)).isEqualTo(PasswordCheck.MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {WERKZEUG_SHA256, WERKZEUG_SHA1, WERKZEUG_SHA512})
    void givenWerkzeugHash_whenRightPassword_thenMatchNeedsRehash(String hash) {
        assertThat(check(PASSWORD, hash)).isEqualTo(PasswordCheck.MATCH_NEEDS_REHASH);
    }

    @ParameterizedTest
    @ValueSource(strings = {WERKZEUG_SHA1, WERKZEUG_SHA512})
    void givenWerkzeugHash_whenWrongPassword_thenMismatch(String hash) {
        assertThat(check(new Password("correct horse battery stapler"), hash)).isEqualTo(PasswordCheck.MISMATCH);
    }

    @Test
    void givenWerkzeugHashOfUnicodePassword_whenChecked_thenMatchOnlyForIt() {
        assertThat(check(UNICODE, WERKZEUG_SHA256_UNICODE)).isEqualTo(PasswordCheck.MATCH_NEEDS_REHASH);
        assertThat(check(new Password("passwörd-ñ-日本語"), WERKZEUG_SHA256_UNICODE))
                .isEqualTo(PasswordCheck.MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // digest names swapped: a sha1-sized digest under sha256 is not quietly accepted
                "pbkdf2:sha256:1000$4NJgHyu4Lk3oD4zv$dc9f2ca6f8517140f11d87963a4531dc0804459d",
                "pbkdf2:sha1:1001$4NJgHyu4Lk3oD4zv$dc9f2ca6f8517140f11d87963a4531dc0804459d",
                "pbkdf2:sha1:1000$4NJgHyu4Lk3oD4zw$dc9f2ca6f8517140f11d87963a4531dc0804459d",
                "pbkdf2:sha1:1000$4NJgHyu4Lk3oD4zv$dc9f2ca6f8517140f11d87963a4531dc080445",
                "pbkdf2:sha1:1000$4NJgHyu4Lk3oD4zv$dc9f2ca6f8517140f11d87963a4531dc0804459",
                "pbkdf2:sha1:99999999$4NJgHyu4Lk3oD4zv$dc9f2ca6f8517140f11d87963a4531dc0804459d",
                "pbkdf2:sha1:0$4NJgHyu4Lk3oD4zv$dc9f2ca6f8517140f11d87963a4531dc0804459d",
                "pbkdf2:sha1$4NJgHyu4Lk3oD4zv$dc9f2ca6f8517140f11d87963a4531dc0804459d",
                "pbkdf2:md5:1000$4NJgHyu4Lk3oD4zv$dc9f2ca6f8517140f11d87963a4531dc",
                "pbkdf2:sha1:1000$$dc9f2ca6f8517140f11d87963a4531dc0804459d",
            })
    void givenAlteredOrMalformedWerkzeugHash_whenChecked_thenMismatch(String hash) {
        assertThat(check(PASSWORD, hash)).isEqualTo(PasswordCheck.MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {WERKZEUG_SCRYPT, WERKZEUG_SCRYPT_16384})
    void givenWerkzeugScryptHash_whenRightPassword_thenMatchNeedsRehash(String hash) {
        assertThat(check(PASSWORD, hash)).isEqualTo(PasswordCheck.MATCH_NEEDS_REHASH);
    }

    @ParameterizedTest
    @ValueSource(strings = {WERKZEUG_SCRYPT, WERKZEUG_SCRYPT_16384})
    void givenWerkzeugScryptHash_whenWrongPassword_thenMismatch(String hash) {
        assertThat(check(new Password("correct horse battery stapler"), hash)).isEqualTo(PasswordCheck.MISMATCH);
    }

    @Test
    void givenWerkzeugScryptHashOfUnicodePassword_whenChecked_thenMatchOnlyForIt() {
        assertThat(check(UNICODE, WERKZEUG_SCRYPT_UNICODE)).isEqualTo(PasswordCheck.MATCH_NEEDS_REHASH);
        assertThat(check(new Password("passwörd-ñ-日本語"), WERKZEUG_SCRYPT_UNICODE))
                .isEqualTo(PasswordCheck.MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "scrypt:16384:8:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX,
                "scrypt:32768:16:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX,
                "scrypt:32768:8:2$" + SCRYPT_SALT + "$" + SCRYPT_HEX,
                "scrypt:32768:8:1$2XzaY7cFylSBgoLe$" + SCRYPT_HEX,
                "scrypt:32768:8:1$" + SCRYPT_SALT + "$fcd26408ceb78da338b6a95e0921a91bcb5c29dd970dc63f11e16c61e3163365"
                        + "3772350ed3e3d9102424f5c080135ed5014b0dee3ebeb37588ccf73641f5d776",
                "scrypt:32768:8:1$" + SCRYPT_SALT + "$ecd26408ceb78da338b6a95e0921a91bcb5c29dd970dc63f11e16c61e3163365"
                        + "3772350ed3e3d9102424f5c080135ed5014b0dee3ebeb37588ccf73641f5d777",
            })
    void givenTamperedWerkzeugScryptHash_whenRightPassword_thenMismatch(String hash) {
        assertThat(check(PASSWORD, hash)).isEqualTo(PasswordCheck.MISMATCH);
    }

    /**
     * Each row is well formed, so only the bounds stop it: without them these would allocate 1 to 2 GiB or run 8 to 64
     * times Werkzeug's default work, far past the timeout.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "scrypt:2097152:8:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX, // N = 2^21: 2 GiB
                "scrypt:1048576:8:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX, // N at its cap, but 128·N·r = 1 GiB
                "scrypt:1048576:16:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX, // 2 GiB
                "scrypt:32768:64:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX, // r over 32
                "scrypt:32768:8:17$" + SCRYPT_SALT + "$" + SCRYPT_HEX, // p over 16
                "scrypt:32768:8:64$" + SCRYPT_SALT + "$" + SCRYPT_HEX,
            })
    void givenWerkzeugScryptHashWithOutOfBoundsParameters_whenChecked_thenMismatchQuickly(String hash) {
        PasswordCheck result = assertTimeoutPreemptively(Duration.ofMillis(500), () -> check(PASSWORD, hash));

        assertThat(result).isEqualTo(PasswordCheck.MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "scrypt:",
                "scrypt:32768:8:1",
                "scrypt:32768:8:1$" + SCRYPT_SALT,
                "scrypt:32768:8:1$" + SCRYPT_SALT + "$",
                "scrypt:32768:8:1$$" + SCRYPT_HEX,
                "scrypt:32768:8$" + SCRYPT_SALT + "$" + SCRYPT_HEX,
                "scrypt:32768:8:1:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX,
                "scrypt:abc:8:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX,
                "scrypt:32767:8:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX, // N not a power of two
                "scrypt:1:8:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX,
                "scrypt:0:8:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX,
                "scrypt:32768:0:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX,
                "scrypt:32768:8:0$" + SCRYPT_SALT + "$" + SCRYPT_HEX,
                "scrypt:65536:1:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX, // RFC 7914: N < 2^(16r)
                "scrypt:99999999999999999999:8:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX,
                "scrypt:-32768:8:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX,
                "scrypt:32768:8:1$" + SCRYPT_SALT
                        + "$d26408ceb78da338b6a95e0921a91bcb5c29dd970dc63f11e16c61e3163365" // 63 bytes
                        + "3772350ed3e3d9102424f5c080135ed5014b0dee3ebeb37588ccf73641f5d776",
                "scrypt:32768:8:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX + "00",
                "scrypt:32768:8:1$" + SCRYPT_SALT + "$ecd26408ceb78da338b6a95e0921a91bcb5c29dd970dc63f11e16c61e3163365"
                        + "3772350ed3e3d9102424f5c080135ed5014b0dee3ebeb37588ccf73641f5d77g",
                "scrypt:32768:8:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX + "$",
                "scrypt:32768:8:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX + "\n",
                "scrypt:32768:8:1$salt with spaces$" + SCRYPT_HEX,
            })
    void givenMalformedWerkzeugScryptHash_whenChecked_thenMismatch(String hash) {
        assertThat(check(PASSWORD, hash)).isEqualTo(PasswordCheck.MISMATCH);
    }

    /**
     * Well-formed hashes just past the cost caps: checking them would outlast the login failure floor, so their answer
     * time would again tell these accounts apart. Refused without the work, and the operator is told why.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "$2b$13$I4PhLsATroSK9hgtsyGJeelkwOopBFeMu6WpFhsA3lA5N7XvwxAgC",
                "$2b$16$I4PhLsATroSK9hgtsyGJeelkwOopBFeMu6WpFhsA3lA5N7XvwxAgC",
                "pbkdf2:sha256:1000001$bU9N05HtmbA38zzq$"
                        + "1d6e7c13bcee4e20f72274d37b421668e8996ed2fe2ac80ebea5b3b2d2babd67",
                "pbkdf2:sha1:9000000$4NJgHyu4Lk3oD4zv$dc9f2ca6f8517140f11d87963a4531dc0804459d",
                "pbkdf2:sha512:600001$qTYzgU1z2ukQYERR$79a9c8d7bffb6fb73f440b31106ac555d4fcb93f8376e03b"
                        + "3b497641bf3951d798702ce9dc157cb00d620fc957775f30b80e5dbda0376b870d8c4db7e2049125",
                "scrypt:131072:8:1$" + SCRYPT_SALT + "$" + SCRYPT_HEX,
                "scrypt:65536:8:2$" + SCRYPT_SALT + "$" + SCRYPT_HEX,
                "$argon2id$v=19$m=262144,t=2,p=1$c29tZXNhbHQxNmJ5dGVzIQ$W2/hNMtQKxyFQI3cOFyMdL9hfH0kK/3DKouGLtcZUyw",
            })
    void givenWellFormedHashCostingMoreThanTheCap_whenChecked_thenRefusedWithoutTheWorkAndWarned(String hash) {
        try (CapturedLogs logs = CapturedLogs.of(Argon2PasswordHasher.class.getName())) {
            long start = System.nanoTime();

            assertThat(check(PASSWORD, hash)).isEqualTo(PasswordCheck.MISMATCH);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(50));
            assertThat(logs.lines())
                    .singleElement(as(InstanceOfAssertFactories.STRING))
                    .contains("costs more than Gaara checks", "must reset")
                    .doesNotContain(hash.substring(hash.length() - 20));
        }
    }

    @Test
    void givenHashAtTheCaps_whenChecked_thenStillChecked() {
        // cost 12 and Werkzeug's own defaults stay accepted: the Flask system's users are not cut off
        assertThat(check(PASSWORD, BCRYPT_2B_COST_12)).isEqualTo(PasswordCheck.MATCH_NEEDS_REHASH);
        assertThat(check(PASSWORD, WERKZEUG_SHA256)).isEqualTo(PasswordCheck.MATCH_NEEDS_REHASH);
        assertThat(check(PASSWORD, WERKZEUG_SCRYPT)).isEqualTo(PasswordCheck.MATCH_NEEDS_REHASH);
    }

    @Test
    void givenConfiguredArgon2CostAboveTheCap_whenHasherBuilt_thenRefused() {
        assertThatThrownBy(() -> new Argon2PasswordHasher(new Argon2Parameters(262_144, 2, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 262144");
    }
}
