package io.gaara.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Past {@code maxConnections} open connections the server stops accepting: a connection flood waits in the kernel's
 * backlog instead of costing the server a thread and buffers per connection, and the server takes connections again as
 * soon as one closes.
 */
class ConnectionLimitTest {
    private static final int LIMIT = 4;

    private final List<Socket> held = new ArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket s : held) {
            s.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void givenTheLimitOfOpenConnections_whenAnotherClientAsks_thenUnansweredUntilOneCloses() throws Exception {
        server = HttpApi.create(
                        new FakeApplication().useCases,
                        new HttpSettings(
                                "127.0.0.1",
                                0,
                                4096,
                                HttpSettings.DEFAULT_DRAIN_TIMEOUT,
                                LIMIT,
                                HashingLaneSettings.defaults(),
                                List.of()),
                        List.of(ReadinessProbe.of("database", () -> ReadinessProbe.Readiness.UP)))
                .start();
        for (int i = 0; i < LIMIT; i++) {
            Socket idle = connect();
            // each held connection is a live HTTP/1.1 keep-alive connection, as a slow client's would be
            assertThat(statusLine(idle))
                    .as("connection %d within the limit", i + 1)
                    .contains("200");
            held.add(idle);
        }

        Socket extra = connect();
        extra.setSoTimeout(1_000);
        send(extra);
        assertThat(readLineOrTimeout(extra))
                .as("the connection past the limit is not served")
                .isNull();

        held.remove(0).close();
        extra.setSoTimeout((int) Duration.ofSeconds(5).toMillis());
        assertThat(readLineOrTimeout(extra))
                .as("served once a connection closed")
                .contains("200");
        extra.close();
    }

    private Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), server.port());
    }

    private static String statusLine(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        send(socket);
        return readLineOrTimeout(socket);
    }

    private static void send(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The status line, or null when nothing came before the socket's timeout. */
    private static String readLineOrTimeout(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        try {
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
        } catch (SocketTimeoutException nothingYet) {
            return line.length() == 0 ? null : line.toString();
        }
        return line.toString();
    }
}
