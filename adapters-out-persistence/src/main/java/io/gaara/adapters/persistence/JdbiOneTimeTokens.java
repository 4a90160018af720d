package io.gaara.adapters.persistence;

import io.gaara.application.port.out.persistence.OneTimeTokens;
import io.gaara.domain.UserId;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Token hashes in {@code one_time_tokens}. Each method is one statement, run on the caller's transaction when there is
 * one: issuing upserts over the unique index of live tokens (one per user and purpose), so a new token replaces the
 * live one and two concurrent issues leave exactly one usable; spending is a conditional {@code UPDATE}, so of two
 * instances presented the same token, one spends it. Every method turns an unreachable database into
 * {@code TemporarilyUnavailableException}.
 */
final class JdbiOneTimeTokens implements OneTimeTokens {
    /** SHA-256. */
    static final int HASH_LENGTH = 32;
    /** Rows deleted by one statement of a sweep: each stays well within the statement timeout. */
    static final int SWEEP_BATCH = 5_000;

    private static final String REVOKE_ALL = """
            UPDATE one_time_tokens SET revoked_at = :now
             WHERE user_id = :user AND spent_at IS NULL AND revoked_at IS NULL""";

    private final OutageTranslatingJdbi jdbi;

    JdbiOneTimeTokens(Jdbi jdbi) {
        this.jdbi = new OutageTranslatingJdbi(jdbi);
    }

    @Override
    public void issue(UserId user, Purpose purpose, byte[] tokenHash, String payload, Instant expiresAt, Instant now) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(purpose, "purpose");
        requireHash(tokenHash);
        if (!expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("a token expires after it is issued");
        }
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO one_time_tokens (token_hash, user_id, purpose, payload, expires_at, created_at)
                        VALUES (:hash, :user, :purpose, :payload, :expiresAt, :now)
                        ON CONFLICT (user_id, purpose) WHERE spent_at IS NULL AND revoked_at IS NULL
                        DO UPDATE SET token_hash = EXCLUDED.token_hash, payload = EXCLUDED.payload,
                                      expires_at = EXCLUDED.expires_at, created_at = EXCLUDED.created_at""")
                .bind("hash", tokenHash)
                .bind("user", user)
                .bind("purpose", code(purpose))
                .bindByType("payload", payload, String.class)
                .bind("expiresAt", expiresAt)
                .bind("now", now)
                .execute());
    }

    @Override
    public Optional<SpentToken> spend(Purpose purpose, byte[] tokenHash, Instant now) {
        Objects.requireNonNull(purpose, "purpose");
        if (tokenHash == null || tokenHash.length != HASH_LENGTH) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        UPDATE one_time_tokens SET spent_at = :now
                         WHERE token_hash = :hash AND purpose = :purpose
                           AND spent_at IS NULL AND revoked_at IS NULL AND expires_at > :now
                        RETURNING user_id, payload""")
                .bind("hash", tokenHash)
                .bind("purpose", code(purpose))
                .bind("now", now)
                .map((rs, ctx) -> new SpentToken(
                        GaaraJdbiPlugin.USER_ID.map(rs, "user_id", ctx), purpose, rs.getString("payload")))
                .findOne());
    }

    @Override
    public void revokeAll(UserId user, Instant now) {
        jdbi.useHandle(h ->
                h.createUpdate(REVOKE_ALL).bind("user", user).bind("now", now).execute());
    }

    /**
     * Deletes the tokens that expired at or before {@code now}, spent or not: none of them can be spent any more. A
     * batch per statement, rows another sweeper holds skipped. Returns how many went.
     */
    int sweep(Instant now) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbi.withHandle(h -> h.createUpdate("""
                            DELETE FROM one_time_tokens
                             WHERE token_hash IN (SELECT token_hash FROM one_time_tokens
                                                   WHERE expires_at <= :now
                                                   LIMIT :batch
                                                   FOR UPDATE SKIP LOCKED)""")
                    .bind("now", now)
                    .bind("batch", SWEEP_BATCH)
                    .execute());
            total += deleted;
        } while (deleted == SWEEP_BATCH);
        return total;
    }

    static void requireHash(byte[] tokenHash) {
        if (tokenHash == null || tokenHash.length != HASH_LENGTH) {
            throw new IllegalArgumentException("a token hash is " + HASH_LENGTH + " bytes (SHA-256)");
        }
    }

    private static String code(Purpose purpose) {
        return purpose.name().toLowerCase(Locale.ROOT);
    }
}
