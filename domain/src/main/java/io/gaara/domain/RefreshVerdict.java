package io.gaara.domain;

/** The outcome of presenting a genuine refresh token to its session. */
public enum RefreshVerdict {
    /** The token is the family's current one and the session is alive: rotate. */
    CURRENT,
    /**
     * The token was spent by the latest rotation less than the configured grace ago: most likely the response to that
     * rotation was lost and the client retries, or the same client refreshed twice at once. The family lives and the
     * caller is answered with the family's current token, issued again: nothing rotates, so the family still has
     * exactly one live token.
     */
    SUPERSEDED,
    /** The token was already spent: someone replays it, so the family must die. */
    REUSED,
    /** The session ended earlier. */
    REVOKED,
    /** The session timed out (idle or absolute). */
    EXPIRED
}
