package io.gaara.adapters.crypto.password;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Version;
import io.gaara.application.port.out.crypto.PasswordHasher;
import io.gaara.domain.Password;
import io.gaara.domain.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hashes passwords with argon2id (libargon2 through argon2-jvm, the fastest candidate measured in docs/PERFORMANCE.md)
 * and still accepts the bcrypt and Werkzeug PBKDF2 and scrypt hashes of users imported from the earlier Flask system,
 * asking for a rehash when they log in.
 */
public final class Argon2PasswordHasher implements PasswordHasher {
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    private static final Logger LOG = LoggerFactory.getLogger(Argon2PasswordHasher.class);

    private final Argon2Parameters parameters;
    private final SecureRandom random;
    private final Argon2Advanced argon2;

    /** New hashes at the OWASP parameters. */
    public Argon2PasswordHasher() {
        this(Argon2Parameters.OWASP);
    }

    public Argon2PasswordHasher(Argon2Parameters parameters) {
        this(parameters, new SecureRandom());
    }

    Argon2PasswordHasher(Argon2Parameters parameters, SecureRandom random) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        if (parameters.work() > Argon2Parameters.MAX_WORK_KIB_PASSES) {
            throw new IllegalArgumentException("argon2 memory (KiB) times iterations must be at most "
                    + Argon2Parameters.MAX_WORK_KIB_PASSES + ", so that a check stays under the login failure floor");
        }
        this.random = Objects.requireNonNull(random, "random");
        this.argon2 = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id, SALT_BYTES, HASH_BYTES);
        // Load the native library now: a jar without it should fail at startup, not at the first login.
        argon2.rawHashAdvanced(
                1, 8, 1, new byte[] {1}, new byte[SALT_BYTES], null, null, HASH_BYTES, Argon2Version.V13);
    }

    @Override
    public PasswordHash hash(Password password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] secret = utf8(password);
        try {
            byte[] hash = argon2(secret, salt, parameters, Argon2idPhc.VERSION_13, HASH_BYTES);
            return new PasswordHash(new Argon2idPhc(Argon2idPhc.VERSION_13, parameters, salt, hash).format());
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    @Override
    public PasswordCheck verify(Password password, PasswordHash stored) {
        String hash = stored.value();
        byte[] secret = utf8(password);
        try {
            if (hash.startsWith(Argon2idPhc.PREFIX)) {
                return verifyArgon2(secret, hash);
            }
            if (LegacyBcrypt.handles(hash)) {
                return legacy(LegacyBcrypt.matches(secret, hash));
            }
            if (WerkzeugPbkdf2.handles(hash)) {
                return legacy(WerkzeugPbkdf2.matches(secret, hash));
            }
            if (WerkzeugScrypt.handles(hash)) {
                return legacy(WerkzeugScrypt.matches(secret, hash));
            }
            LOG.warn("A stored password hash has an unsupported format; the login is refused");
            return PasswordCheck.MISMATCH;
        } catch (StoredHashTooCostlyException e) {
            LOG.warn(
                    "A stored password hash costs more than Gaara checks ({}); the login is refused and the user must"
                            + " reset their password",
                    e.getMessage());
            return PasswordCheck.MISMATCH;
        } catch (RuntimeException e) {
            // The port promises no exception for a hash we cannot use; the message may quote the hash, so drop it.
            LOG.warn(
                    "A stored password hash could not be checked ({}); the login is refused",
                    e.getClass().getSimpleName());
            return PasswordCheck.MISMATCH;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private PasswordCheck verifyArgon2(byte[] secret, String text) {
        Optional<Argon2idPhc> parsed = Argon2idPhc.parse(text);
        if (parsed.isEmpty()) {
            LOG.warn("A stored argon2id hash is malformed or out of bounds; the login is refused");
            return PasswordCheck.MISMATCH;
        }
        Argon2idPhc phc = parsed.get();
        if (phc.parameters().work() > Argon2Parameters.MAX_WORK_KIB_PASSES) {
            throw new StoredHashTooCostlyException(
                    "argon2id m=" + phc.parameters().memoryKib() + " t="
                            + phc.parameters().iterations() + ", work above " + Argon2Parameters.MAX_WORK_KIB_PASSES);
        }
        byte[] actual = argon2(secret, phc.salt(), phc.parameters(), phc.version(), phc.hash().length);
        if (!MessageDigest.isEqual(phc.hash(), actual)) {
            return PasswordCheck.MISMATCH;
        }
        boolean current = phc.version() == Argon2idPhc.VERSION_13
                && phc.parameters().equals(parameters)
                && phc.salt().length == SALT_BYTES
                && phc.hash().length == HASH_BYTES;
        return current ? PasswordCheck.MATCH : PasswordCheck.MATCH_NEEDS_REHASH;
    }

    private byte[] argon2(byte[] secret, byte[] salt, Argon2Parameters p, int version, int length) {
        Argon2Version v = version == Argon2idPhc.VERSION_13 ? Argon2Version.V13 : Argon2Version.V10;
        return argon2.rawHashAdvanced(
                p.iterations(), p.memoryKib(), p.parallelism(), secret, salt, null, null, length, v);
    }

    private static PasswordCheck legacy(boolean matches) {
        return matches ? PasswordCheck.MATCH_NEEDS_REHASH : PasswordCheck.MISMATCH;
    }

    private static byte[] utf8(Password password) {
        return password.value().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Argon2PasswordHasher[" + parameters + "]";
    }
}
