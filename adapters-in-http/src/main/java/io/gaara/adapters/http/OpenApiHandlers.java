package io.gaara.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * {@code GET /api/v1/openapi.json}: the API's contract. Its one source is {@code docs/openapi.yaml}, which the build
 * copies into this module's resources; it is read and converted to JSON once, at startup, so a broken document stops
 * the server from starting rather than answering 500 later.
 */
final class OpenApiHandlers {
    static final String PATH = "/api/v1/openapi.json";
    /** Where the build puts {@code docs/openapi.yaml} on the class path. */
    static final String RESOURCE = "/io/gaara/adapters/http/openapi.yaml";
    /** Public and the same for everyone: any cache may keep it for an hour, and revalidate it by its ETag. */
    static final String CACHE_CONTROL = "public, max-age=3600";

    private final byte[] json;
    private final String etag;

    OpenApiHandlers(ObjectMapper mapper) {
        this.json = toJson(mapper);
        this.etag = etagOf(json);
    }

    void serve(Context ctx) {
        ctx.header("Cache-Control", CACHE_CONTROL);
        ctx.header("ETag", etag);
        ctx.contentType("application/json");
        if (matches(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.result(json);
    }

    /** RFC 9110 §13.1.2: a list of entity tags, or {@code *}; weak comparison, so {@code W/} prefixes match too. */
    private boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",", -1)) {
            String candidate = tag.strip();
            if (candidate.startsWith("W/")) {
                candidate = candidate.substring(2);
            }
            if (candidate.equals("*") || candidate.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] toJson(ObjectMapper mapper) {
        try (InputStream yaml = OpenApiHandlers.class.getResourceAsStream(RESOURCE)) {
            if (yaml == null) {
                throw new IllegalStateException(RESOURCE + " is missing: the build copies it from docs/openapi.yaml");
            }
            JsonNode document = new YAMLMapper().readTree(yaml);
            return mapper.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document " + RESOURCE, e);
        }
    }

    private static String etagOf(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
