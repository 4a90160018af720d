package io.gaara.domain;

/** The outcome of presenting a genuine refresh token to its session. */
public enum RefreshVerdict {
    /** The token is the family's current one and the session is alive: rotate. */
    CURRENT,
    /**
     * The token was spent by the latest rotation moments ago (within the configured grace): most likely the same client
     * refreshing twice at once. Refused, but the family lives.
     */
    SUPERSEDED,
    /** The token was already spent: someone replays it, so the family must die. */
    REUSED,
    /** The session ended earlier. */
    REVOKED,
    /** The session timed out (idle or absolute). */
    EXPIRED
}
