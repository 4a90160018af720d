package io.gaara.application.service;

import io.gaara.application.port.out.persistence.SessionPosition;
import io.gaara.domain.InvalidValueException;
import io.gaara.domain.SessionId;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The text of a page cursor: the last listed session's id and creation time (seconds and nanoseconds), 28 bytes in
 * unpadded base64url. Only the canonical spelling of a cursor this codec could have written is read back: any other
 * text, including another spelling of the same bytes, is refused as an invalid value, never a server error.
 */
final class SessionCursors {
    private static final int BYTES = 16 + 8 + 4;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final String INVALID = "cursor is not one this server gave; start again without it.";

    private SessionCursors() {}

    static String encode(SessionPosition position) {
        UUID id = position.id().value();
        return ENCODER.encodeToString(ByteBuffer.allocate(BYTES)
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits())
                .putLong(position.createdAt().getEpochSecond())
                .putInt(position.createdAt().getNano())
                .array());
    }

    static SessionPosition decode(String cursor) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(INVALID);
        }
        if (bytes.length != BYTES) {
            throw new InvalidValueException(INVALID);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        UUID id = new UUID(buffer.getLong(), buffer.getLong());
        long seconds = buffer.getLong();
        int nanos = buffer.getInt();
        SessionPosition position;
        try {
            position = new SessionPosition(Instant.ofEpochSecond(seconds, nanos), new SessionId(id));
        } catch (DateTimeException | ArithmeticException e) {
            throw new InvalidValueException(INVALID);
        }
        // padding, a flipped unused bit, a nanosecond count past a second: another text for (nearly) the same bytes
        if (nanos < 0 || nanos > 999_999_999 || !encode(position).equals(cursor)) {
            throw new InvalidValueException(INVALID);
        }
        return position;
    }
}
