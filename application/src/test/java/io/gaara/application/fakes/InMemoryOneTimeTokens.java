package io.gaara.application.fakes;

import io.gaara.application.port.out.persistence.OneTimeTokens;
import io.gaara.domain.UserId;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tokens as a table of the {@link InMemoryDatabase}, whose users they belong to: issuing for a user the database
 * does not hold is refused and a deleted user's tokens are gone, as the PostgreSQL foreign key (with its cascade) has
 * it; an issue inside a transaction rolls back with it. {@code OneTimeTokensContract} holds it to the PostgreSQL
 * adapter's word.
 */
public final class InMemoryOneTimeTokens implements OneTimeTokens {
    /** A row of the table, as a look at it would show: the hash in hex, never a token. */
    public record StoredToken(
            String hashHex,
            UserId user,
            Purpose purpose,
            String payload,
            Instant expiresAt,
            Instant createdAt,
            Instant spentAt,
            Instant revokedAt) {
        boolean live() {
            return spentAt == null && revokedAt == null;
        }
    }

    private static final int HASH_LENGTH = 32;

    private final InMemoryDatabase db;
    /** Guarded by {@code db}; by hash in hex. Rows are immutable, so a snapshot is a copy of the map. */
    private final Map<String, StoredToken> rows = new LinkedHashMap<>();

    /** Tokens of the users {@code db} holds, committed and rolled back with its transactions. */
    public InMemoryOneTimeTokens(InMemoryDatabase db) {
        this.db = db;
        db.addTable(() -> {
            Map<String, StoredToken> before = new LinkedHashMap<>(rows);
            return () -> {
                rows.clear();
                rows.putAll(before);
            };
        });
    }

    @Override
    public void issue(UserId user, Purpose purpose, byte[] tokenHash, String payload, Instant expiresAt, Instant now) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(purpose, "purpose");
        if (tokenHash == null || tokenHash.length != HASH_LENGTH) {
            throw new IllegalArgumentException("a token hash is " + HASH_LENGTH + " bytes (SHA-256)");
        }
        if (!expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("a token expires after it is issued");
        }
        String hex = HexFormat.of().formatHex(tokenHash);
        synchronized (db) {
            if (!db.users.containsKey(user)) {
                throw new IllegalStateException("no such user (a foreign key violation in PostgreSQL)");
            }
            if (rows.containsKey(hex)) {
                throw new IllegalStateException("this token hash is stored already (a unique violation)");
            }
            // the live token of this user and purpose is replaced, as the adapter's upsert does
            rows.values().removeIf(t -> t.user().equals(user) && t.purpose() == purpose && t.live());
            rows.put(hex, new StoredToken(hex, user, purpose, payload, expiresAt, now, null, null));
        }
    }

    @Override
    public Optional<SpentToken> spend(Purpose purpose, byte[] tokenHash, Instant now) {
        Objects.requireNonNull(purpose, "purpose");
        if (tokenHash == null) {
            return Optional.empty();
        }
        String hex = HexFormat.of().formatHex(tokenHash);
        synchronized (db) {
            StoredToken t = rows.get(hex);
            if (t == null
                    || !db.users.containsKey(t.user())
                    || t.purpose() != purpose
                    || !t.live()
                    || !t.expiresAt().isAfter(now)) {
                return Optional.empty();
            }
            rows.put(
                    hex, new StoredToken(hex, t.user(), purpose, t.payload(), t.expiresAt(), t.createdAt(), now, null));
            return Optional.of(new SpentToken(t.user(), purpose, t.payload()));
        }
    }

    @Override
    public void revokeAll(UserId user, Instant now) {
        synchronized (db) {
            rows.replaceAll((hex, t) -> t.user().equals(user) && t.live()
                    ? new StoredToken(hex, t.user(), t.purpose(), t.payload(), t.expiresAt(), t.createdAt(), null, now)
                    : t);
        }
    }

    /** Every stored token of users the database still holds, in the order they were issued. */
    public List<StoredToken> tokens() {
        synchronized (db) {
            return rows.values().stream()
                    .filter(t -> db.users.containsKey(t.user()))
                    .toList();
        }
    }
}
