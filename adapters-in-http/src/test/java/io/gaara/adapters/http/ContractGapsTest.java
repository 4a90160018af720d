package io.gaara.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.testsupport.OpenApiContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where the server still answers what {@code docs/openapi.yaml} says it must not. The document says what the server
 * should do; the tests that meet such an answer check it with the waiver named here, and nothing else is waived. Each
 * test below pins its gap open: when the server is fixed it fails, saying which waiver to delete.
 */
class ContractGapsTest {
    /** Jetty's own error answers (bad request line, undecodable path, headers over the limit, draining) . */
    static final String JETTY_ERRORS_LACK_SECURITY_HEADERS =
            "JettyProblemErrorHandler sets Cache-Control and X-Content-Type-Options only";

    /** The refusal of {@code X-HTTP-Method-Override} is thrown before the before-handler sets any header. */
    static final String METHOD_OVERRIDE_REFUSAL_LACKS_HEADERS =
            "HttpApi's before-handler throws on X-HTTP-Method-Override before it sets the headers";

    private static final String[] SECURITY_HEADERS = {
        "Content-Security-Policy", "Referrer-Policy", "Cross-Origin-Resource-Policy"
    };
    private static final String[] EVERY_ANSWERS_HEADERS = {
        "Cache-Control",
        "X-Content-Type-Options",
        "Content-Security-Policy",
        "Referrer-Policy",
        "Cross-Origin-Resource-Policy"
    };

    private HttpServer server;

    /** The contract for Jetty's own error answers, while {@link #JETTY_ERRORS_LACK_SECURITY_HEADERS}. */
    static OpenApiContract forJettyErrors() {
        return OpenApiContract.gaara().waiving(JETTY_ERRORS_LACK_SECURITY_HEADERS, SECURITY_HEADERS);
    }

    /** The contract for the refusal of a method override, while {@link #METHOD_OVERRIDE_REFUSAL_LACKS_HEADERS}. */
    static OpenApiContract forMethodOverrideRefusals() {
        return OpenApiContract.gaara().waiving(METHOD_OVERRIDE_REFUSAL_LACKS_HEADERS, EVERY_ANSWERS_HEADERS);
    }

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
    void givenJettyRefusesHeadersOverTheLimit_thenItsAnswerStillLacksTheSecurityHeaders_deleteTheWaiverOnceThisFails()
            throws IOException {
        String request = "GET /api/v1/auth/me HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "x".repeat(10 * 1024)
                + "\r\nConnection: close\r\n\r\n";
        String answer = exchange(request);

        assertThat(answer).startsWith("HTTP/1.1 431");
        assertThat(strictViolations(request, answer))
                .as("closed? delete the waiver " + JETTY_ERRORS_LACK_SECURITY_HEADERS)
                .containsExactlyInAnyOrder(
                        "header Content-Security-Policy is required but absent",
                        "header Referrer-Policy is required but absent",
                        "header Cross-Origin-Resource-Policy is required but absent");
        forJettyErrors().checkRaw(request, answer);
    }

    @Test
    void givenMethodOverrideRefused_thenTheAnswerStillLacksEveryAnswersHeaders_deleteTheWaiverOnceThisFails()
            throws IOException {
        String request = "GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-HTTP-Method-Override: POST\r\n"
                + "Connection: close\r\n\r\n";
        String answer = exchange(request);

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(strictViolations(request, answer))
                .as("closed? delete the waiver " + METHOD_OVERRIDE_REFUSAL_LACKS_HEADERS)
                .hasSize(EVERY_ANSWERS_HEADERS.length)
                .allSatisfy(violation -> assertThat(violation).endsWith("is required but absent"));
        forMethodOverrideRefusals().checkRaw(request, answer);
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
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    received.write(buffer, 0, n);
                }
            } catch (IOException resetAfterAnswer) {
                // Jetty may reset the connection after answering a request it could not read
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
