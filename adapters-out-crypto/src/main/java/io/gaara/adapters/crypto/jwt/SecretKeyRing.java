package io.gaara.adapters.crypto.jwt;

import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JWT key ring that follows a secret's versions: the current version signs, current and previous verify, each under
 * its version id as {@code kid}. Asked on every token operation, it reads the (cached) accepted versions and rebuilds
 * the ring only when their ids change, so a rotation in the backend reaches new tokens as soon as the cache refreshes
 * and logs nobody out.
 *
 * <p>Several instances refresh their caches at different moments, so right after a rotation one instance may sign with
 * a kid another has not seen yet. When the key locator meets such a kid, {@link #learn} re-reads the secret at once (at
 * most once every {@link #MIN_LEARN_INTERVAL}, so forged kids cannot hammer the backend) and the token is checked
 * against the new ring.
 */
public final class SecretKeyRing implements HmacKeyRingSource {
    /** How often an unknown kid may make the secret be re-read. */
    public static final Duration MIN_LEARN_INTERVAL = Duration.ofSeconds(5);
    /** Longer kids are not ours: no re-read for them. */
    private static final int MAX_KID_CHARS = 200;
    /** How JSON-secret mode on AWS wrote kids before its version ids became process-local: digest, '#', name. */
    private static final char LEGACY_BUNDLE_SEPARATOR = '#';

    private static final Logger log = LoggerFactory.getLogger(SecretKeyRing.class);

    private record Snapshot(List<String> versionIds, HmacKeyRing ring) {}

    private final SecretStore store;
    private final String name;
    private final Consumer<String> refreshNow;
    private final AtomicLong lastLearnNanos = new AtomicLong(System.nanoTime() - MIN_LEARN_INTERVAL.toNanos());
    private volatile Snapshot snapshot;

    /**
     * @param store the (cached) secrets, read on every token operation
     * @param refreshNow re-reads one secret from the backend past the cache, for a kid not seen yet
     */
    public SecretKeyRing(SecretStore store, String name, Consumer<String> refreshNow) {
        this.store = Objects.requireNonNull(store, "store");
        this.name = Objects.requireNonNull(name, "name");
        this.refreshNow = Objects.requireNonNull(refreshNow, "refreshNow");
    }

    /** A ring that never changes (development keys generated into the data directory). */
    public static HmacKeyRingSource fixed(Secret secret) {
        HmacKeyRing ring = HmacKeyRing.of(key(secret));
        return () -> ring;
    }

    /**
     * @throws IllegalStateException when no usable version has ever been read: the secret is missing or its current
     *     version is too short for HS256 (the message names the secret, never a value)
     */
    @Override
    public HmacKeyRing get() {
        Snapshot known = snapshot;
        List<Secret> accepted;
        try {
            accepted = store.readAccepted(name);
        } catch (RuntimeException e) {
            if (known != null) {
                // the cache serves stale values itself; this covers a backend without one
                return known.ring();
            }
            throw e;
        }
        if (accepted.isEmpty()) {
            if (known != null) {
                log.error(
                        "{} disappeared from {}; still signing with kid {}",
                        name,
                        store.backendName(),
                        known.ring().current().kid());
                return known.ring();
            }
            throw new IllegalStateException(name + " is missing from " + store.backendName());
        }
        // on every token operation: compare ids in place, no allocation, while nothing rotated
        if (known != null && sameIds(known.versionIds(), accepted)) {
            return known.ring();
        }
        List<String> ids = accepted.stream().map(Secret::versionId).toList();
        return rebuild(accepted, ids, known);
    }

    @Override
    public boolean learn(String kid) {
        if (kid == null || kid.length() > MAX_KID_CHARS || get().acceptedKids().contains(kid)) {
            return false;
        }
        long now = System.nanoTime();
        long last = lastLearnNanos.get();
        if (now - last < MIN_LEARN_INTERVAL.toNanos() || !lastLearnNanos.compareAndSet(last, now)) {
            return false;
        }
        try {
            refreshNow.accept(name);
        } catch (RuntimeException e) {
            log.warn(
                    "could not re-read {} for an unknown kid ({})",
                    name,
                    e.getClass().getSimpleName());
            return false;
        }
        boolean known = get().acceptedKids().contains(kid);
        if (known) {
            log.info("{}: learned a new key version from another instance's token; re-read the secret early", name);
        }
        return known;
    }

    private static boolean sameIds(List<String> ids, List<Secret> accepted) {
        if (ids.size() != accepted.size()) {
            return false;
        }
        for (int i = 0; i < ids.size(); i++) {
            if (!ids.get(i).equals(accepted.get(i).versionId())) {
                return false;
            }
        }
        return true;
    }

    private synchronized HmacKeyRing rebuild(List<Secret> accepted, List<String> ids, Snapshot known) {
        Snapshot again = snapshot;
        if (again != null && again.versionIds().equals(ids)) {
            return again.ring();
        }
        HmacKey current;
        try {
            current = key(accepted.get(0));
        } catch (IllegalArgumentException e) {
            if (known != null) {
                log.error(
                        "{} version {} is unusable as an HS256 key ({}); still signing with kid {}",
                        name,
                        ids.get(0),
                        "shorter than 32 bytes",
                        known.ring().current().kid());
                return known.ring();
            }
            throw new IllegalStateException(name + " must be at least " + HmacKey.MIN_BYTES + " bytes long for HS256");
        }
        List<HmacKey> previous = new ArrayList<>();
        for (Secret older : accepted.subList(1, accepted.size())) {
            try {
                previous.add(key(older));
            } catch (IllegalArgumentException e) {
                log.warn(
                        "{} previous version {} is unusable as an HS256 key; tokens it signed are no longer accepted",
                        name,
                        older.versionId());
            }
        }
        // the same keys under the kid a backend without versions gives them (a digest of the key), so that moving a
        // key from .env to AWS or Vault unchanged logs nobody out; and under the kid JSON-secret mode gave them before
        // its ids became process-local, so that upgrading logs nobody out either
        for (Secret version : accepted) {
            for (String alias : List.of(
                    Secret.contentVersionId(version.value()),
                    Secret.contentVersionId(version.value()) + LEGACY_BUNDLE_SEPARATOR + name)) {
                if (!alias.equals(kidOf(version))) {
                    try {
                        previous.add(HmacKey.of(alias, version.value().getBytes(StandardCharsets.UTF_8)));
                    } catch (IllegalArgumentException tooShort) {
                        // already reported above
                    }
                }
            }
        }
        HmacKeyRing ring = HmacKeyRing.of(current, previous);
        snapshot = new Snapshot(ids, ring);
        if (known == null) {
            log.info("{} signs with kid {} (accepting {})", name, current.kid(), ring.acceptedKids());
        } else {
            log.info("{} rotated: now signs with kid {} (accepting {})", name, current.kid(), ring.acceptedKids());
        }
        return ring;
    }

    private static HmacKey key(Secret secret) {
        return HmacKey.of(kidOf(secret), secret.value().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The backend's version id, unless that id is valid in one process only ({@link Secret#versionIdIsLocal}): the kid
     * travels in tokens to every instance, so the key is then named by a digest of itself, which is safe to publish for
     * a key of at least 256 random bits ({@link Secret#contentVersionId}).
     */
    private static String kidOf(Secret secret) {
        return secret.versionIdIsLocal() ? Secret.contentVersionId(secret.value()) : secret.versionId();
    }
}
