package io.gaara.domain;

import java.util.Locale;

/** Every auth event that lands in the audit trail. */
public enum AuditEventType {
    REGISTER,
    REGISTER_FAILURE,
    LOGIN_SUCCESS,
    LOGIN_FAILURE,
    REFRESH,
    REFRESH_FAILURE,
    REFRESH_TOKEN_REUSE,
    LOGOUT,
    LOGOUT_ALL,
    SESSION_ENDED,
    PASSWORD_REHASHED;

    /** The stable name stored and logged, for example {@code refresh_token_reuse}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AuditEventType fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
