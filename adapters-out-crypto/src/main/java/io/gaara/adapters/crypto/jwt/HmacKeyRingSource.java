package io.gaara.adapters.crypto.jwt;

import java.util.function.Supplier;

/**
 * Where the token adapters get their key ring, asked on every issue and verify so that a rotation reaches them without
 * a restart. A fixed ring is a lambda ({@code () -> ring}).
 */
@FunctionalInterface
public interface HmacKeyRingSource extends Supplier<HmacKeyRing> {

    /**
     * Called when a token names a {@code kid} the ring does not hold: another instance may already sign with a newer
     * version. Returns true when the ring now holds it. A fixed ring never learns.
     */
    default boolean learn(String kid) {
        return false;
    }
}
