package io.gaara.domain;

import java.util.Locale;

/** Why a session ended before it expired. */
public enum RevocationReason {
    LOGOUT,
    LOGOUT_ALL,
    ENDED_BY_USER,
    REFRESH_TOKEN_REUSE,
    PASSWORD_CHANGED,
    PASSWORD_RESET,
    ACCOUNT_DELETED,
    /** Ended to make room: a login took the user past the live-session cap, and this was the oldest. */
    SESSION_LIMIT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RevocationReason fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
