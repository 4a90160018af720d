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
    /** A login took the user past the live-session cap: the oldest live session ended (its id is in the event). */
    SESSION_EVICTED,
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
    PASSWORD_RESET_FAILURE,
    /**
     * A registration with an address that already has an account, answered as if it were new (verification required).
     */
    REGISTER_ADDRESS_TAKEN,
    /** A verification link was sent again on request (none is recorded for addresses without an unverified account). */
    EMAIL_VERIFICATION_RESENT,
    /** The owner proved control of the account's address. */
    EMAIL_VERIFIED,
    /** A verification or email-change token refused (unknown, spent, expired or revoked). */
    EMAIL_VERIFY_FAILURE,
    /** A change of address asked for; a link went to the new address, a notice to the current one. */
    EMAIL_CHANGE_REQUESTED,
    /** A change of address refused: wrong password, or the new address is taken. */
    EMAIL_CHANGE_FAILURE,
    /** The account's address changed, on the new address's link. */
    EMAIL_CHANGED,
    /** The account was deleted by its owner; the user id in the trail is a pseudonym from here on. */
    ACCOUNT_DELETED,
    /** An account deletion refused: the password was wrong. */
    ACCOUNT_DELETE_FAILURE;

    /** The stable name stored and logged, for example {@code refresh_token_reuse}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AuditEventType fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
