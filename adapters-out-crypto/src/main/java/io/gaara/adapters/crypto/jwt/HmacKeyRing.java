package io.gaara.adapters.crypto.jwt;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The key that signs new tokens and every key whose tokens are still accepted, looked up by {@code kid}, so that a key
 * can rotate without logging everybody out. Immutable: to rotate, build a new ring and hand it to the adapters'
 * {@code Supplier}.
 */
public final class HmacKeyRing {
    private final HmacKey current;
    private final Map<String, HmacKey> accepted;

    private HmacKeyRing(HmacKey current, Collection<HmacKey> previous) {
        this.current = Objects.requireNonNull(current, "current key");
        Map<String, HmacKey> byKid = new LinkedHashMap<>();
        byKid.put(current.kid(), current);
        for (HmacKey key : previous) {
            HmacKey known = byKid.putIfAbsent(key.kid(), key);
            if (known != null && !known.sameMaterial(key)) {
                throw new IllegalArgumentException("two different keys share the kid '" + key.kid() + "'");
            }
        }
        this.accepted = Map.copyOf(byKid);
    }

    /** Signs with {@code current}; verifies tokens signed with it or with any of {@code previous}. */
    public static HmacKeyRing of(HmacKey current, Collection<HmacKey> previous) {
        return new HmacKeyRing(current, List.copyOf(previous));
    }

    public static HmacKeyRing of(HmacKey current, HmacKey... previous) {
        return new HmacKeyRing(current, List.of(previous));
    }

    /** One secret, no version id (a plain environment variable): the kid is derived from the key. */
    public static HmacKeyRing single(byte[] material) {
        return of(HmacKey.withDerivedKid(material));
    }

    /** {@code next} signs from now on; the current key still verifies the tokens it signed; older keys are dropped. */
    public HmacKeyRing rotatedTo(HmacKey next) {
        return new HmacKeyRing(next, List.of(current));
    }

    public HmacKey current() {
        return current;
    }

    public Set<String> acceptedKids() {
        return accepted.keySet();
    }

    Optional<HmacKey> find(String kid) {
        return kid == null ? Optional.empty() : Optional.ofNullable(accepted.get(kid));
    }

    @Override
    public String toString() {
        return "HmacKeyRing[current=" + current.kid() + ", accepted=" + accepted.keySet() + "]";
    }
}
