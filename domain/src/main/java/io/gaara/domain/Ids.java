package io.gaara.domain;

import java.util.UUID;

final class Ids {
    private Ids() {}

    static UUID parseUuid(String text, String what) {
        if (text == null || text.length() != 36) {
            throw new InvalidValueException(what + " is not a UUID");
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(what + " is not a UUID");
        }
    }
}
