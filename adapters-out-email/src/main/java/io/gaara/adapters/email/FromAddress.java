package io.gaara.adapters.email;

import io.gaara.domain.Email;
import io.gaara.domain.InvalidValueException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Objects;

/**
 * Who Gaara's messages come from: an address and an optional display name, written {@code no-reply@example.com} or
 * {@code Example <no-reply@example.com>}.
 *
 * @param name the display name, or null
 */
public record FromAddress(Email address, String name) {
    public FromAddress {
        Objects.requireNonNull(address, "address");
        if (name != null) {
            name = name.strip();
            if (name.isEmpty()) {
                name = null;
            } else if (name.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("a sender's display name is one line without control characters");
            }
        }
    }

    /**
     * Parses {@code addr} or {@code Name <addr>} (RFC 5322 syntax).
     *
     * @throws IllegalArgumentException naming the problem, never more than the text given
     */
    public static FromAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a sender address is required, e.g. Example <no-reply@example.com>");
        }
        InternetAddress parsed;
        try {
            parsed = new InternetAddress(text.strip(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not an address such as no-reply@example.com"
                    + " or Example <no-reply@example.com> (" + e.getMessage() + ")");
        }
        try {
            return new FromAddress(new Email(parsed.getAddress()), parsed.getPersonal());
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException("'" + text.strip() + "': " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return name == null ? address.value() : name + " <" + address.value() + ">";
    }
}
