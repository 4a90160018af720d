package io.gaara.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
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
        String contentType = ctx.header("Content-Type");
        if (contentType != null && !isUtf8Json(contentType)) {
            throw new BadRequestException(
                    ProblemKind.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json in UTF-8.");
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw new BadRequestException(
                    ProblemKind.MALFORMED_REQUEST, "The request body is empty; a JSON object is expected.");
        }
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
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
        return node.textValue();
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
