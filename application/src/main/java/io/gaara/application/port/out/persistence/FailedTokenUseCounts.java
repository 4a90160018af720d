package io.gaara.application.port.out.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The security log's counts, shared by every instance: counts added for a (minute, address, kind) already stored add
 * up, whichever instance wrote them.
 */
public interface FailedTokenUseCounts {
    /**
     * Adds every count, all or none: on an exception nothing was added and the same counts may be added again. Throws
     * {@link io.gaara.application.TemporarilyUnavailableException} when the storage cannot be reached.
     */
    void add(Collection<FailedTokenUseCount> counts);

    /** Every stored count of a minute at or after {@code since}, ordered by minute, kind and address. */
    List<FailedTokenUseCount> since(Instant since);
}
