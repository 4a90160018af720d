package io.gaara.adapters.crypto.password;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gaara.application.port.out.crypto.PasswordHasher.PasswordCheck;
import io.gaara.domain.Password;
import io.gaara.domain.PasswordHash;
import io.gaara.testsupport.CapturedLogs;
import io.gaara.testsupport.Fuzz;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Fuzzes the stored password hash parsers (docs/SECURITY.md, Fuzzing): a row read from the database may hold anything,
 * and whatever it holds, the check answers MISMATCH, or MATCH for the right password and an unaltered hash, within a
 * bounded time. It never throws, never computes a hash whose stored cost is hostile, and never logs the stored text.
 */
class StoredHashFuzzTest {
    /**
     * Well above the slowest check the caps allow (about 0.45 s here), far below what an uncapped hostile cost takes (a
     * bcrypt cost of 31 runs for hours; argon2 at 1 GiB for seconds and a gigabyte).
     */
    private static final Duration CHECK_BOUND = Duration.ofSeconds(5);

    private static final Password PASSWORD = new Password("correct horse battery staple");
    private static final Password UNICODE = new Password("pässwörd-ñ-日本語");
    private static final Argon2PasswordHasher HASHER = new Argon2PasswordHasher(Argon2PasswordHasherContractTest.CHEAP);

    /** Genuine hashes that are cheap to check, made by the reference implementations (LegacyHashesTest) and ours. */
    private static final Genuine[] GENUINE = {
        new Genuine(HASHER.hash(PASSWORD).value(), PASSWORD),
        new Genuine(LegacyHashesTest.BCRYPT_2A, PASSWORD),
        new Genuine(LegacyHashesTest.BCRYPT_2Y_UNICODE, UNICODE),
        new Genuine(LegacyHashesTest.WERKZEUG_SHA1, PASSWORD),
        new Genuine(LegacyHashesTest.WERKZEUG_SHA256_UNICODE, UNICODE),
        new Genuine(LegacyHashesTest.WERKZEUG_SCRYPT_16384, PASSWORD),
    };

    @FuzzTest
    void aStoredHashIsCheckedOrRefusedInBoundedTimeAndNeverThrows(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 2)) {
            case 0 -> {
                String text = data.consumeRemainingAsString();
                if (!text.isBlank()) {
                    assertThat(check(PASSWORD, text)).isEqualTo(PasswordCheck.MISMATCH);
                }
            }
            case 1 -> assertThat(check(PASSWORD, shaped(data))).isEqualTo(PasswordCheck.MISMATCH);
            default -> {
                Genuine genuine = data.pickValue(GENUINE);
                String mutant = Fuzz.edit(genuine.hash(), data, 3);
                if (mutant.isBlank()) {
                    return;
                }
                PasswordCheck result = check(genuine.password(), mutant);
                if (result != PasswordCheck.MISMATCH) {
                    // only another spelling of the same hash may match: hex in capitals, unused base64 bits
                    assertThat(canonical(mutant)).as(mutant).isEqualTo(canonical(genuine.hash()));
                }
            }
        }
    }

    /** One check, timed, with every log line it writes captured and searched for the stored text. */
    private static PasswordCheck check(Password password, String stored) {
        try (CapturedLogs logs = CapturedLogs.everything()) {
            long start = System.nanoTime();
            PasswordCheck result = HASHER.verify(password, new PasswordHash(stored));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("checking %s", stored).isLessThan(CHECK_BOUND);
            if (stored.strip().length() >= 8) {
                assertThat(logs.allText()).doesNotContain(stored.strip());
            }
            return result;
        }
    }

    /** A string in one of the four formats, every parameter and field chosen by the fuzzer over its whole range. */
    private static String shaped(FuzzedDataProvider data) {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        HexFormat hex = HexFormat.of();
        return switch (data.consumeInt(0, 3)) {
            case 0 ->
                "$argon2id$v=" + data.pickValue(new int[] {16, 19, data.consumeInt()})
                        + "$m=" + number(data) + ",t=" + number(data) + ",p=" + number(data)
                        + "$" + b64.encodeToString(bytes(data, data.consumeInt(0, 80)))
                        + "$" + b64.encodeToString(bytes(data, data.consumeInt(0, 80)));
            case 1 ->
                "$2" + data.pickValue(new String[] {"a", "b", "y", "x"}) + "$"
                        + String.format(Locale.ROOT, "%02d", data.consumeInt(0, 99)) + "$"
                        + bcryptText(bytes(data, 53));
            case 2 ->
                "pbkdf2:" + data.pickValue(new String[] {"sha1", "sha256", "sha512", "md5"}) + ":" + number(data)
                        + "$" + data.consumeAsciiString(24)
                        + "$" + hex.formatHex(bytes(data, data.pickValue(new int[] {20, 32, 64, 16})));
            default ->
                "scrypt:" + number(data) + ":" + number(data) + ":" + number(data)
                        + "$" + data.consumeAsciiString(24)
                        + "$" + hex.formatHex(bytes(data, 64));
        };
    }

    /** Small, at a cap's edge, or anywhere in int's range: where bounds checks break. */
    private static String number(FuzzedDataProvider data) {
        return String.valueOf(
                switch (data.consumeInt(0, 2)) {
                    case 0 -> data.consumeInt(0, 64);
                    case 1 ->
                        data.pickValue(new int[] {
                            1 << 10,
                            1 << 14,
                            1 << 15,
                            1 << 19,
                            1 << 20,
                            1 << 21,
                            262_144,
                            262_145,
                            300_000,
                            300_001,
                            500_001,
                            1_000_001,
                            10_000_001
                        });
                    default -> data.consumeInt();
                });
    }

    /**
     * Exactly {@code length} bytes, the fuzzer's as far as they go, then zeros: a field's length, not the input's, then
     * decides whether the string is well formed, so short inputs reach the cost checks too.
     */
    private static byte[] bytes(FuzzedDataProvider data, int length) {
        return Arrays.copyOf(data.consumeBytes(length), length);
    }

    private static String bcryptText(byte[] bytes) {
        String alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(alphabet.charAt((b & 0xff) % alphabet.length()));
        }
        return text.toString();
    }

    /** The hash as the checker reads it: argon2's parsed fields; the hex formats without case. */
    private static String canonical(String hash) {
        if (hash.startsWith(Argon2idPhc.PREFIX)) {
            Optional<Argon2idPhc> phc = Argon2idPhc.parse(hash);
            return phc.map(Argon2idPhc::format).orElse(hash);
        }
        if (hash.startsWith(WerkzeugPbkdf2.PREFIX) || hash.startsWith(WerkzeugScrypt.PREFIX)) {
            int last = hash.lastIndexOf('$');
            return hash.substring(0, last) + hash.substring(last).toLowerCase(Locale.ROOT);
        }
        return hash;
    }

    record Genuine(String hash, Password password) {}
}
