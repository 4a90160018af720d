package io.gaara.adapters.secrets.cache;

import io.gaara.application.port.out.secrets.Secret;
import java.time.Instant;
import java.util.List;

/**
 * What the cache knows of one name. {@code accepted} is the last good answer (empty: absent; null: never answered). The
 * failure fields are set while the backend fails for it. Replaced whole on every trip, never changed in place, so a
 * reader sees one consistent state.
 */
record SlotState(
        List<Secret> accepted,
        Instant lastSuccess,
        Instant refreshAt,
        Instant expiresAt,
        Instant failingSince,
        int failures,
        Instant retryAt,
        String lastError) {

    /** The backend answered at {@code now}: a run of failures, if any, is over. */
    static SlotState answered(List<Secret> accepted, Instant now, Instant refreshAt, Instant expiresAt) {
        return new SlotState(accepted, now, refreshAt, expiresAt, null, 0, null, null);
    }

    /**
     * The backend failed at {@code now} after {@code previous} (null: never asked). The last good answer is kept, to be
     * served stale; the next attempt waits out the backoff for this many failures in a row.
     */
    static SlotState failed(SlotState previous, Instant now, BackoffPolicy backoff, String error) {
        int failures = previous == null ? 1 : previous.failures() + 1;
        Instant failingSince = previous != null && previous.failing() ? previous.failingSince() : now;
        Instant retryAt = now.plus(backoff.delay(failures));
        if (previous == null || !previous.hasValue()) {
            return new SlotState(null, null, null, null, failingSince, failures, retryAt, error);
        }
        return new SlotState(
                previous.accepted(),
                previous.lastSuccess(),
                previous.refreshAt(),
                previous.expiresAt(),
                failingSince,
                failures,
                retryAt,
                error);
    }

    boolean hasValue() {
        return accepted != null;
    }

    boolean present() {
        return accepted != null && !accepted.isEmpty();
    }

    boolean failing() {
        return failingSince != null;
    }

    String currentVersion() {
        return present() ? accepted.get(0).versionId() : null;
    }

    boolean expired(Instant now) {
        return hasValue() && !now.isBefore(expiresAt);
    }

    /** Time for a trip: the retry after backoff while failing, else the refresh point of a present value. */
    boolean due(Instant now) {
        return failing() ? !now.isBefore(retryAt) : present() && !now.isBefore(refreshAt);
    }

    /** What health reports of this name: never a value, never a version id. */
    SecretStoreHealth.SecretStatus status(Instant now) {
        return new SecretStoreHealth.SecretStatus(
                present(),
                lastSuccess(),
                failingSince(),
                failures(),
                failing() ? retryAt() : refreshAt(),
                expired(now),
                lastError());
    }
}
