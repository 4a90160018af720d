package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end tests' {@link ApiClient} holds every answer to {@code docs/openapi.yaml}: a stand-in for Gaara that
 * plants an undocumented field or status fails the test that receives it.
 */
class ApiClientContractTest {
    private static final String ME = "{\"id\":\"0b5cd4f8-2a6e-4c0a-9d7e-8d7c1f0f6a11\",\"email\":\"ann@example.com\","
            + "\"email_verified\":true,\"created_at\":\"2026-01-01T00:00:00Z\"";

    private HttpServer standIn;

    @AfterEach
    void stop() {
        standIn.stop(0);
    }

    @Test
    void givenTheDocumentedAnswer_whenReceived_thenItPasses() throws IOException {
        assertThat(new ApiClient(standIn(200, ME + "}")).me("token").status()).isEqualTo(200);
    }

    @Test
    void givenAPlantedUndocumentedField_whenReceived_thenTheTestFails() throws IOException {
        ApiClient client = new ApiClient(standIn(200, ME + ",\"role\":\"admin\"}"));

        assertThatThrownBy(() -> client.me("token"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("role");
    }

    @Test
    void givenAPlantedUndocumentedStatus_whenReceived_thenTheTestFails() throws IOException {
        ApiClient client = new ApiClient(standIn(202, ME + "}"));

        assertThatThrownBy(() -> client.me("token"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("status 202 is not documented for GET /api/v1/auth/me");
    }

    private int standIn(int status, String body) throws IOException {
        standIn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        standIn.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            var headers = exchange.getResponseHeaders();
            headers.add("Content-Type", "application/json");
            headers.add("Cache-Control", "no-store");
            headers.add("X-Content-Type-Options", "nosniff");
            headers.add("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
            headers.add("Referrer-Policy", "no-referrer");
            headers.add("Cross-Origin-Resource-Policy", "same-origin");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        standIn.start();
        return standIn.getAddress().getPort();
    }
}
