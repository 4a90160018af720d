package io.gaara.domain;

import java.util.Locale;

/** Every auth event that lands in the audit trail. */
public enum AuditEventType {
    REGISTER,
    REGISTER_FAILURE,
    /** A registration refused by the per-source limit, before any hashing; the detail names the scope. */
    REGISTER_THROTTLED,
    LOGIN_SUCCESS,
    LOGIN_FAILURE,
    /** A login refused by the brute-force throttle, before any hashing; the detail names the scope that refused. */
    LOGIN_THROTTLED,
    REFRESH,
    REFRESH_FAILURE,
    REFRESH_TOKEN_REUSE,
    LOGOUT,
    LOGOUT_ALL,
    SESSION_ENDED,
    PASSWORD_REHASHED,
    /** The user changed their password (knowing the current one); their other sessions ended. */
    PASSWORD_CHANGED,
    /** A password change refused: the current password was wrong. */
    PASSWORD_CHANGE_FAILURE,
    /** A reset link was asked for an address with an account (none is recorded for other addresses). */
    PASSWORD_RESET_REQUESTED,
    /** A password set through a reset link; every session of the user ended. */
    PASSWORD_RESET,
    /** A reset token refused (unknown, spent, expired or revoked). */
    PASSWORD_RESET_FAILURE;

    /** The stable name stored and logged, for example {@code refresh_token_reuse}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AuditEventType fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
