package io.gaara.domain;

import java.util.Locale;

/**
 * A token presented where it does not work, in a way an honest client does not produce: what the security log counts
 * per client address. A token that is genuine but merely expired is none of these (every client meets one each access
 * token lifetime), nor is a request without a token.
 */
public enum FailedTokenUse {
    /** An access token that fails verification: garbage, forged, signed with an unknown key, of the wrong type. */
    ACCESS_TOKEN_INVALID,
    /** At refresh, a refresh token that fails verification. */
    REFRESH_TOKEN_INVALID,
    /** At refresh, a genuine refresh token naming no session of its user (a forged claim set, or a deleted account). */
    REFRESH_TOKEN_UNKNOWN,
    /** At logout, a refresh token that fails verification. */
    LOGOUT_TOKEN_INVALID,
    /** At logout, a genuine refresh token naming no session of its user: someone else's session, or none. */
    LOGOUT_TOKEN_UNKNOWN,
    /** A signed-in caller asking to end a session that is not theirs (another user's, or one that does not exist). */
    FOREIGN_SESSION_END;

    /** The stable name stored and logged, for example {@code access_token_invalid}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FailedTokenUse fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
