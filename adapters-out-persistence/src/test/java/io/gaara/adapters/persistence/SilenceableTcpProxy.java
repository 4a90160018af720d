package io.gaara.adapters.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of PostgreSQL whose open connections can go silent: they stay open and carry nothing either way,
 * as when a route or a NAT entry vanishes. Neither end is told, which is what a killed backend or a closed socket
 * cannot simulate. Connections opened afterwards relay normally.
 */
final class SilenceableTcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Relay> relays = new CopyOnWriteArrayList<>();

    private SilenceableTcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "test-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Relays to the server of {@code settings}; {@link #settings} gives settings that go through the relay. */
    static SilenceableTcpProxy inFrontOf(PostgresSettings settings) throws IOException {
        URI uri = URI.create(settings.jdbcUrl().substring("jdbc:".length()));
        return new SilenceableTcpProxy(uri.getHost(), uri.getPort());
    }

    PostgresSettings settings(PostgresSettings direct) {
        String url = direct.jdbcUrl().replaceFirst(":" + targetPort + "/", ":" + server.getLocalPort() + "/");
        return new PostgresSettings(url, direct.user(), direct.password(), direct.maxPoolSize());
    }

    /** Every connection open now stops carrying bytes, silently; later connections are unaffected. */
    void silenceOpenConnections() {
        relays.forEach(r -> r.silent = true);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Relay r : relays) {
            r.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                Relay relay = new Relay(client, upstream);
                relays.add(relay);
                relay.start();
            } catch (IOException e) {
                // closed, or the server refused: the client sees its socket close
            }
        }
    }

    private static final class Relay {
        private final Socket client;
        private final Socket upstream;
        volatile boolean silent;

        Relay(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() throws IOException {
            pump(client.getInputStream(), upstream.getOutputStream(), "test-proxy-up");
            pump(upstream.getInputStream(), client.getOutputStream(), "test-proxy-down");
        }

        private void pump(InputStream in, OutputStream out, String name) {
            Thread t = new Thread(
                    () -> {
                        byte[] buffer = new byte[8192];
                        try {
                            int n;
                            while ((n = in.read(buffer)) >= 0) {
                                if (!silent) {
                                    out.write(buffer, 0, n);
                                    out.flush();
                                }
                            }
                        } catch (IOException e) {
                            // one side closed
                        }
                        if (!silent) {
                            close();
                        }
                    },
                    name);
            t.setDaemon(true);
            t.start();
        }

        void close() {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                upstream.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
