package io.gaara.adapters.secrets.aws;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON object one secret holds when it carries several names ({@code {"JWT_SECRET_KEY": "...", ...}}). Failures
 * name the secret and version, never the text: Jackson's messages quote the input.
 */
final class SecretBundle {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SecretBundle() {}

    static Map<String, String> parse(String secretId, String versionId, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // neither the message nor the cause travels on: both quote the secret's text
            throw new IllegalStateException(
                    "secret " + secretId + " (version " + versionId
                            + ") is not valid JSON; in JSON mode it must hold one object of names to string values",
                    null);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalStateException("secret " + secretId + " (version " + versionId
                    + ") must hold a JSON object of names to string values");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!field.getValue().isTextual()) {
                throw new IllegalStateException("secret " + secretId + " (version " + versionId + "): the value of "
                        + field.getKey() + " is a JSON "
                        + field.getValue().getNodeType().name().toLowerCase(Locale.ROOT)
                        + ", not a string");
            }
            values.put(field.getKey(), field.getValue().textValue());
        }
        return values;
    }

    static String write(Map<String, String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", null);
        }
    }
}
