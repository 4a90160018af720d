package io.gaara.domain;

/** Why a session ended before it expired. */
public enum RevocationReason {
    LOGOUT,
    LOGOUT_ALL,
    ENDED_BY_USER,
    REFRESH_TOKEN_REUSE;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static RevocationReason fromCode(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
