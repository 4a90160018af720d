package io.gaara.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;

/**
 * A request body read as a JSON object, with typed field access that answers 400 naming the
 * field and the rule, never echoing the value (it may be a password).
 */
final class JsonBody {
    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    static JsonBody read(Context ctx, ObjectMapper mapper) {
        String contentType = ctx.contentType();
        if (contentType != null && !isJson(contentType)) {
            throw new BadRequestException(ProblemKind.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw new BadRequestException(ProblemKind.MALFORMED_REQUEST, "The request body is empty; a JSON object is expected.");
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

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }
}
