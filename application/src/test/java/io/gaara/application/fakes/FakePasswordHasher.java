package io.gaara.application.fakes;

import io.gaara.application.port.out.crypto.PasswordHasher;
import io.gaara.domain.Password;
import io.gaara.domain.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fast salted SHA-256 stand-in for use-case tests. Hashes made with an older {@code version} report
 * {@link PasswordCheck#MATCH_NEEDS_REHASH}, like an argon2 hash with old parameters.
 */
public final class FakePasswordHasher implements PasswordHasher {
    private final SecureRandom random = new SecureRandom();
    private volatile int version = 1;
    public final AtomicInteger verifications = new AtomicInteger();
    public final AtomicInteger hashes = new AtomicInteger();

    public void upgradeParameters() {
        version++;
    }

    @Override
    public PasswordHash hash(Password password) {
        hashes.incrementAndGet();
        byte[] salt = new byte[8];
        random.nextBytes(salt);
        String saltHex = HexFormat.of().formatHex(salt);
        return new PasswordHash("fake$v" + version + "$" + saltHex + "$" + digest(saltHex, password.value()));
    }

    @Override
    public PasswordCheck verify(Password password, PasswordHash hash) {
        verifications.incrementAndGet();
        String[] parts = hash.value().split("\\$");
        if (parts.length != 4 || !parts[0].equals("fake")) {
            return PasswordCheck.MISMATCH;
        }
        if (!MessageDigest.isEqual(
                parts[3].getBytes(StandardCharsets.US_ASCII),
                digest(parts[2], password.value()).getBytes(StandardCharsets.US_ASCII))) {
            return PasswordCheck.MISMATCH;
        }
        return parts[1].equals("v" + version) ? PasswordCheck.MATCH : PasswordCheck.MATCH_NEEDS_REHASH;
    }

    private static String digest(String salt, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
