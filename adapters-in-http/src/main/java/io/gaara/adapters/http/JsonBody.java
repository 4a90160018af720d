package io.gaara.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A request body read as a JSON object, with typed field access that answers 400 naming the field and the rule, never
 * echoing the value (it may be a password).
 */
final class JsonBody {
    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    static JsonBody read(Context ctx, ObjectMapper mapper) {
        // the raw header: ctx.contentType() has Jetty parse the charset, which throws on an unknown one
        // required: without it, a cross-origin page could send a "simple" POST (text/plain, no preflight) from a
        // victim's browser
        String contentType = ctx.header("Content-Type");
        if (contentType == null || !isUtf8Json(contentType)) {
            throw new BadRequestException(
                    ProblemKind.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json in UTF-8.");
        }
        byte[] bytes = Requests.body(ctx);
        if (bytes.length == 0) {
            throw new BadRequestException(
                    ProblemKind.MALFORMED_REQUEST, "The request body is empty; a JSON object is expected.");
        }
        JsonNode root;
        try {
            root = mapper.readTree(strictUtf8(bytes));
        } catch (JsonProcessingException e) {
            throw new BadRequestException(ProblemKind.MALFORMED_REQUEST, "The request body is not valid JSON.");
        } catch (IOException e) {
            throw new BadRequestException(ProblemKind.MALFORMED_REQUEST, "The request body could not be read.");
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestException(ProblemKind.MALFORMED_REQUEST, "The request body must be a JSON object.");
        }
        return new JsonBody(root);
    }

    String requiredString(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new BadRequestException(ProblemKind.MALFORMED_REQUEST, "Field '" + field + "' is required.");
        }
        if (!node.isTextual()) {
            throw new BadRequestException(ProblemKind.MALFORMED_REQUEST, "Field '" + field + "' must be a string.");
        }
        String value = node.textValue();
        if (hasLoneSurrogate(value)) {
            // "\ud800" would become '?' on its way to UTF-8: two different inputs, one stored value
            throw new BadRequestException(
                    ProblemKind.MALFORMED_REQUEST, "Field '" + field + "' holds an unpaired surrogate escape.");
        }
        return value;
    }

    /**
     * The body as text, refusing what is not well-formed UTF-8 (overlong forms such as {@code C0 AF} for {@code /},
     * surrogates encoded directly, truncated sequences) instead of reading it leniently.
     */
    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException(ProblemKind.MALFORMED_REQUEST, "The request body is not valid UTF-8.");
        }
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A JSON media type whose charset, if given at all, is UTF-8: JSON exchanged between systems is UTF-8 (RFC 8259
     * §8.1), and the body is parsed as such whatever the header claims.
     */
    static boolean isUtf8Json(String contentType) {
        String[] parts = contentType.split(";", -1);
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int equals = parameter.indexOf('=');
            String name = (equals < 0 ? parameter : parameter.substring(0, equals)).strip();
            if (name.equalsIgnoreCase("charset")) {
                String value = equals < 0 ? "" : parameter.substring(equals + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (!value.equalsIgnoreCase("utf-8")) {
                    return false;
                }
            }
        }
        return true;
    }
}
