package io.gaara.domain;

/**
 * A plain-text password as typed by a user. It never prints: {@link #toString()} is redacted so that a log line or an
 * exception message cannot carry it by accident.
 */
public record Password(String value) {
    /** Beyond this a password is refused before hashing, so that nobody can make us hash megabytes. */
    public static final int MAX_LENGTH = 1024;

    public Password {
        if (value == null || value.isEmpty()) {
            throw new InvalidValueException("password is required");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidValueException("password is longer than " + MAX_LENGTH + " characters");
        }
    }

    /** Length in Unicode code points, which is what a person counts. */
    public int length() {
        return value.codePointCount(0, value.length());
    }

    @Override
    public String toString() {
        return "Password[redacted]";
    }
}
