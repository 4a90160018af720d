package io.gaara.adapters.secrets.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gaara.adapters.secrets.vault.VaultCallException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.vault.client.VaultHttpHeaders;
import org.springframework.vault.support.VaultToken;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The calls Gaara makes to Vault itself (logins, token look-up, renewal, revocation, KV reads, mount checks), each
 * answered with its real status: a {@code 307} from a standby node stays a {@code 307}, a {@code 403} reaches the
 * session, and nothing is thrown for an HTTP status. Transport failures (refused, reset, timed out) become
 * {@link VaultCallException} of kind {@link Kind#TRANSIENT}. Paths are relative to {@code <VAULT_ADDR>/v1/}; the
 * namespace header, timeouts and TLS trust come with the {@link RestClient} given.
 */
final class VaultHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestClient client;

    VaultHttp(RestClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Vault's answer: status, the body as JSON (null when it is not a JSON object) and a redirect's {@code Location}.
     */
    record Answer(int status, JsonNode body, String location) {
        /** Vault's errors, on one line. */
        String errors() {
            return VaultErrors.of(body);
        }

        boolean ok() {
            return status / 100 == 2;
        }

        /** The failure this answer is, for a call described by {@code what}. */
        VaultCallException failure(String what) {
            String errors = errors();
            if (status == 307 || status == 308) {
                return new VaultCallException(
                        Kind.TRANSIENT,
                        "vault: " + what + ": HTTP " + status + " redirect to " + location
                                + ": a standby node answered (request forwarding off); point "
                                + VaultSettings.VAULT_ADDR
                                + " at the active node or at a load balancer that sends requests to it");
            }
            String detail = errors.isEmpty() ? "" : ", " + errors;
            if (status == 503 || status / 100 == 5 || status == 429 || status == 472 || status == 473) {
                return new VaultCallException(Kind.TRANSIENT, "vault: " + what + ": HTTP " + status + detail);
            }
            if (status == 404 && (body == null || !body.path("errors").isArray())) {
                return new VaultCallException(
                        Kind.REFUSED,
                        "vault: " + what + ": HTTP 404, an answer that is not from Vault's API (check "
                                + VaultSettings.VAULT_ADDR + ")");
            }
            if (status == 403 && VaultErrors.saysInvalidToken(errors)) {
                return new VaultCallException(Kind.INVALID_TOKEN, "vault: " + what + ": HTTP 403" + detail);
            }
            return new VaultCallException(Kind.REFUSED, "vault: " + what + ": HTTP " + status + detail);
        }

        @Override
        public String toString() {
            return "Answer[status=" + status + "]";
        }
    }

    Answer get(String path, VaultToken token, String what) {
        return send(client.get().uri(path), token, what);
    }

    Answer post(String path, VaultToken token, Map<String, ?> body, String what) {
        return send(
                client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body), token, what);
    }

    private static Answer send(RestClient.RequestHeadersSpec<?> request, VaultToken token, String what) {
        if (token != null) {
            request = request.header(VaultHttpHeaders.VAULT_TOKEN, token.getToken());
        }
        try {
            return request.exchange(
                    (sent, response) -> {
                        byte[] bytes = response.getBody().readAllBytes();
                        return new Answer(
                                response.getStatusCode().value(),
                                parse(new String(bytes, StandardCharsets.UTF_8)),
                                response.getHeaders().getFirst(HttpHeaders.LOCATION));
                    },
                    true);
        } catch (ResourceAccessException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new VaultCallException(
                    Kind.TRANSIENT,
                    "vault: " + what + ": no answer from Vault ("
                            + root.getClass().getSimpleName() + ")",
                    e);
        } catch (RuntimeException e) {
            // never the exception's message: a client library may quote a request body there
            throw new VaultCallException(
                    Kind.TRANSIENT, "vault: " + what + ": " + e.getClass().getName());
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
