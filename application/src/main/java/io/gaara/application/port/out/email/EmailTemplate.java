package io.gaara.application.port.out.email;

import java.util.Locale;

/** The messages Gaara sends, each a pair of templates (plain text and HTML) named after it. */
public enum EmailTemplate {
    /** A link to set a new password; parameters {@code link}, {@code expires_in_minutes}. */
    PASSWORD_RESET,
    /** Your password was changed; parameters {@code changed_at}. */
    PASSWORD_CHANGED,
    /** A link to confirm the address; parameters {@code link}, {@code expires_in_minutes}. */
    VERIFY_EMAIL,
    /** Someone tried to register with your address; no parameters beyond the common ones. */
    REGISTRATION_ATTEMPT,
    /** A link to confirm a new address; parameters {@code link}, {@code expires_in_minutes}, {@code new_email}. */
    EMAIL_CHANGE_VERIFY,
    /** Your address is being changed; parameters {@code new_email}. */
    EMAIL_CHANGE_NOTICE;

    /** The template's file name stem: {@code password-reset} for {@code password-reset.txt} and {@code .html}. */
    public String fileStem() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
