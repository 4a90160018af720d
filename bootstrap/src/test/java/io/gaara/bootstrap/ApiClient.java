package io.gaara.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gaara.testsupport.OpenApiContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JSON client for one running server; remembers every password and token it handled, for the log-leak check, and
 * checks every answer against the OpenAPI document.
 */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> SECRETS_SEEN = ConcurrentHashMap.newKeySet();

    /** Every answer is held to docs/openapi.yaml: a test fails on an answer the contract does not describe. */
    private final HttpClient http = OpenApiContract.gaara().client();

    private final String base;
    private final String forwardedFor;

    ApiClient(int port) {
        this(port, null);
    }

    /** A client whose requests a trusted proxy (127.0.0.1) forwards for {@code forwardedFor}. */
    ApiClient(int port, String forwardedFor) {
        this.base = "http://127.0.0.1:" + port;
        this.forwardedFor = forwardedFor;
    }

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
        String text(String field) {
            return body.get(field).asText();
        }
    }

    /** A claim of a JWT this suite received, read without checking the signature (the server checks it). */
    static String claim(String jwt, String name) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]))
                    .get(name)
                    .asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response register(String email, String password) {
        SECRETS_SEEN.add(password);
        return post("/api/v1/auth/register", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", null);
    }

    Response login(String email, String password) {
        SECRETS_SEEN.add(password);
        return remember(
                post("/api/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", null));
    }

    Response refresh(String refreshToken) {
        return remember(post("/api/v1/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}", null));
    }

    Response logout(String refreshToken) {
        return post("/api/v1/auth/logout", "{\"refresh_token\":\"" + refreshToken + "\"}", null);
    }

    Response logoutAll(String accessToken) {
        return post("/api/v1/auth/logout-all", null, accessToken);
    }

    Response me(String accessToken) {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/me"))
                .header("Authorization", "Bearer " + accessToken)
                .GET());
    }

    Response sessions(String accessToken) {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/sessions"))
                .header("Authorization", "Bearer " + accessToken)
                .GET());
    }

    /** POST with a JSON body, and an access token when {@code bearer} is not null. */
    Response postJson(String path, String json, String bearer) {
        return post(path, json, bearer);
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** DELETE with a JSON body and an access token. */
    Response deleteJson(String path, String json, String bearer) {
        return send(request("DELETE", path, json, bearer));
    }

    private Response post(String path, String json, String bearer) {
        return send(request("POST", path, json, bearer));
    }

    private HttpRequest.Builder request(String method, String path, String json, String bearer) {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).header("User-Agent", "gaara-e2e/1.0");
        if (forwardedFor != null) {
            builder.header("X-Forwarded-For", forwardedFor);
        }
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        if (json != null) {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return builder;
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> raw = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = raw.body().isEmpty() ? JSON.nullNode() : JSON.readTree(raw.body());
            return new Response(raw.statusCode(), body, raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Response remember(Response response) {
        if (response.status() == 200) {
            SECRETS_SEEN.add(response.text("access_token"));
            SECRETS_SEEN.add(response.text("refresh_token"));
        }
        return response;
    }
}
