package io.gaara.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address, trimmed and lower-cased so that one mailbox is one account. The check is deliberately loose (one
 * {@code @}, a dot in the domain, no spaces or control characters): the only real proof of an address is a message
 * delivered to it.
 */
public record Email(String value) {
    public static final int MAX_LENGTH = 254;
    private static final Pattern SHAPE =
            Pattern.compile("^[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+$");

    public Email {
        if (value == null) {
            throw new InvalidValueException("email is required");
        }
        value = value.strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            throw new InvalidValueException("email is required");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidValueException("email is longer than " + MAX_LENGTH + " characters");
        }
        if (!SHAPE.matcher(value).matches()) {
            throw new InvalidValueException("email is not an address of the form name@domain.tld");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
