package io.gaara.bootstrap;

import io.gaara.adapters.crypto.HmacKey;
import io.gaara.adapters.crypto.HmacKeyRing;
import io.gaara.adapters.secrets.EnvironmentSecretStore;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JWT key ring that follows a secret's versions: the current version signs, current and previous
 * verify, each under its version id as {@code kid}. Asked on every token operation, it reads the
 * (cached) accepted versions and rebuilds the ring only when their ids change, so a rotation in the
 * backend reaches new tokens as soon as the cache refreshes and logs nobody out.
 */
final class SecretKeyRing implements Supplier<HmacKeyRing> {
    private static final Logger log = LoggerFactory.getLogger(SecretKeyRing.class);

    private record Snapshot(List<String> versionIds, HmacKeyRing ring) {
    }

    private final SecretStore store;
    private final String name;
    private volatile Snapshot snapshot;

    SecretKeyRing(SecretStore store, String name) {
        this.store = Objects.requireNonNull(store, "store");
        this.name = Objects.requireNonNull(name, "name");
    }

    /** A ring that never changes (development keys generated into the data directory). */
    static Supplier<HmacKeyRing> fixed(Secret secret) {
        HmacKeyRing ring = HmacKeyRing.of(key(secret));
        return () -> ring;
    }

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
                log.error("{} disappeared from {}; still signing with kid {}", name, store.backendName(), known.ring().current().kid());
                return known.ring();
            }
            throw new ConfigurationException(name + " is missing from " + store.backendName());
        }
        // on every token operation: compare ids in place, no allocation, while nothing rotated
        if (known != null && sameIds(known.versionIds(), accepted)) {
            return known.ring();
        }
        List<String> ids = accepted.stream().map(Secret::versionId).toList();
        return rebuild(accepted, ids, known);
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
                log.error("{} version {} is unusable as an HS256 key ({}); still signing with kid {}", name, ids.get(0),
                        "shorter than 32 bytes", known.ring().current().kid());
                return known.ring();
            }
            throw new ConfigurationException(name + " must be at least 32 bytes long for HS256");
        }
        List<HmacKey> previous = new ArrayList<>();
        for (Secret older : accepted.subList(1, accepted.size())) {
            try {
                previous.add(key(older));
            } catch (IllegalArgumentException e) {
                log.warn("{} previous version {} is unusable as an HS256 key; tokens it signed are no longer accepted", name,
                        older.versionId());
            }
        }
        // the same keys under the kid the environment backend gives them (a digest of the value), so that
        // moving a key from .env to AWS or Vault unchanged logs nobody out
        for (Secret version : accepted) {
            String alias = EnvironmentSecretStore.versionIdOf(version.value());
            if (!alias.equals(version.versionId())) {
                try {
                    previous.add(HmacKey.of(alias, version.value().getBytes(StandardCharsets.UTF_8)));
                } catch (IllegalArgumentException tooShort) {
                    // already reported above
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
        return HmacKey.of(secret.versionId(), secret.value().getBytes(StandardCharsets.UTF_8));
    }
}
