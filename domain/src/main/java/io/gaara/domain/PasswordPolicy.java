package io.gaara.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a new password must be (OWASP ASVS 5.0 §6.2): at least 8 characters, up to 128 allowed, any characters, no
 * composition rules, and not one of the passwords attackers try first.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 128;

    private final Set<String> commonPasswords;

    /** @param commonPasswords lower-case passwords that are refused outright */
    public PasswordPolicy(Set<String> commonPasswords) {
        this.commonPasswords = Set.copyOf(Objects.requireNonNull(commonPasswords, "commonPasswords"));
    }

    /** Throws {@link WeakPasswordException} naming the broken rule. */
    public void check(Password password) {
        int length = password.length();
        if (length < MIN_LENGTH) {
            throw new WeakPasswordException("password must be at least " + MIN_LENGTH + " characters long");
        }
        if (length > MAX_LENGTH) {
            throw new WeakPasswordException("password must be at most " + MAX_LENGTH + " characters long");
        }
        if (commonPasswords.contains(password.value().toLowerCase(Locale.ROOT))) {
            throw new WeakPasswordException("password is one of the most commonly used passwords; choose another");
        }
    }

    public int commonPasswordCount() {
        return commonPasswords.size();
    }
}
