package io.gaara.domain;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An email address, trimmed, lower-cased and in Unicode NFC, so that one mailbox is one account. The check is
 * deliberately loose (one {@code @}, a dot in the domain): the only real proof of an address is a message delivered to
 * it. What it does refuse is anything that cannot be seen: spaces of any script (a no-break space), control characters
 * (NEL included), format characters (zero-width space, soft hyphen, byte-order mark, bidirectional overrides) and line
 * separators, each of which would let a second account display exactly like an existing one. Look-alike letters of
 * other scripts (a Cyrillic {@code а} for a Latin {@code a}) are different mailboxes and stay allowed: where addresses
 * must be proven, only the owner of that other mailbox can use such an account.
 */
public record Email(String value) {
    public static final int MAX_LENGTH = 254;
    private static final Pattern SHAPE =
            Pattern.compile("^[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+$");

    public Email {
        if (value == null) {
            throw new InvalidValueException("email is required");
        }
        value = Normalizer.normalize(value.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            throw new InvalidValueException("email is required");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidValueException("email is longer than " + MAX_LENGTH + " characters");
        }
        if (value.codePoints().anyMatch(Email::invisible)) {
            throw new InvalidValueException("email contains an invisible or control character");
        }
        if (!SHAPE.matcher(value).matches()) {
            throw new InvalidValueException("email is not an address of the form name@domain.tld");
        }
    }

    /** The address in {@code text}, or empty when it is none (for lookups that must not tell the two apart). */
    public static Optional<Email> parse(String text) {
        try {
            return Optional.of(new Email(text));
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }

    private static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp)
                || Character.isWhitespace(cp)
                || type == Character.SPACE_SEPARATOR
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE
                || type == Character.PRIVATE_USE;
    }

    @Override
    public String toString() {
        return value;
    }
}
