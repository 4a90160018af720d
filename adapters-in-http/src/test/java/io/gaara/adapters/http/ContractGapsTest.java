package io.gaara.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.testsupport.OpenApiContract;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers the server once gave outside {@code docs/openapi.yaml} (found when the contract was first enforced), kept as
 * regression tests: Jetty's own error answers and the refusal of a method override carry every answer's headers.
 */
class ContractGapsTest {
    private HttpServer server;

    @BeforeEach
    void start() {
        server = HttpApi.create(new FakeApplication().useCases, new HttpSettings("127.0.0.1", 0, 4096), List.of())
                .start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void givenJettyRefusesHeadersOverTheLimit_whenAnswered_thenTheAnswerKeepsTheContract() throws IOException {
        String request = "GET /api/v1/auth/me HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "x".repeat(10 * 1024)
                + "\r\nConnection: close\r\n\r\n";
        String answer = exchange(request);

        assertThat(answer).startsWith("HTTP/1.1 431");
        assertThat(strictViolations(request, answer)).isEmpty();
    }

    @Test
    void givenMethodOverrideRefused_whenAnswered_thenTheAnswerKeepsTheContract() throws IOException {
        String request = "GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-HTTP-Method-Override: POST\r\n"
                + "Connection: close\r\n\r\n";
        String answer = exchange(request);

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(strictViolations(request, answer)).isEmpty();
    }

    private List<String> strictViolations(String request, String answer) {
        try {
            OpenApiContract.gaara().checkRaw(request, answer);
            return List.of();
        } catch (AssertionError e) {
            return e.getMessage()
                    .lines()
                    .filter(line -> line.startsWith("  - "))
                    .map(line -> line.substring(4))
                    .toList();
        }
    }

    private String exchange(String request) throws IOException {
        return RawHttp.exchange(server.port(), request);
    }
}
