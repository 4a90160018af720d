package io.gaara.bootstrap;

import io.gaara.adapters.persistence.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * An embedded PostgreSQL that speaks TLS with a certificate made here (keytool, from the running JDK) for
 * {@code 127.0.0.1} and {@code localhost}: its certificate file doubles as the CA bundle a client trusts, since it
 * signs itself. TLS is switched on by {@code ALTER SYSTEM} and a reload, on the same embedded server development uses.
 */
final class TlsPostgres implements AutoCloseable {
    private final EmbeddedPostgresServer server;
    private final Path certificate;

    private TlsPostgres(EmbeddedPostgresServer server, Path certificate) {
        this.server = server;
        this.certificate = certificate;
    }

    static TlsPostgres start(Path directory) throws Exception {
        Path certificate = directory.resolve("server.crt");
        Path key = directory.resolve("server.key");
        selfSigned(directory, "127.0.0.1", certificate, key);
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory.resolve("data"), 0);
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), EmbeddedPostgresServer.USER, "");
                Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET ssl_cert_file = '" + certificate + "'");
            s.execute("ALTER SYSTEM SET ssl_key_file = '" + key + "'");
            s.execute("ALTER SYSTEM SET ssl = on");
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            server.close();
            throw e;
        }
        return new TlsPostgres(server, certificate);
    }

    /**
     * A self-signed certificate for {@code host} (as its IP SAN and CN, with {@code localhost} as a DNS SAN) in
     * {@code certificate}, its private key in {@code key} (PKCS#8 PEM, mode 600 as PostgreSQL requires).
     */
    static void selfSigned(Path directory, String host, Path certificate, Path key) throws Exception {
        Path store = Files.createTempFile(directory, "tls", ".p12");
        Files.delete(store);
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "db",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=" + host,
                        "-ext",
                        "SAN=ip:" + host + ",dns:localhost",
                        "-validity",
                        "2",
                        "-keystore",
                        store.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        Files.writeString(
                certificate, pem("CERTIFICATE", keyStore.getCertificate("db").getEncoded()), StandardCharsets.US_ASCII);
        PrivateKey privateKey = (PrivateKey) keyStore.getKey("db", "changeit".toCharArray());
        Files.deleteIfExists(key);
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()), StandardCharsets.US_ASCII);
        Files.delete(store);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    int port() {
        return server.port();
    }

    /** The CA bundle to trust: the server's own certificate. */
    Path certificate() {
        return certificate;
    }

    /** A {@code postgresql://} URL for the server's superuser (the server trusts local logins), with {@code query}. */
    String url(String query) {
        return "postgresql://" + EmbeddedPostgresServer.USER + "@127.0.0.1:" + port() + "/"
                + EmbeddedPostgresServer.DATABASE + (query.isEmpty() ? "" : "?" + query);
    }

    /** Whether every open connection of Gaara's (application names {@code gaara*}) uses TLS; and how many there are. */
    long gaaraConnectionsOverTls() throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), EmbeddedPostgresServer.USER, "");
                Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FILTER (WHERE s.ssl), count(*) FILTER (WHERE NOT s.ssl)"
                        + " FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)"
                        + " WHERE a.application_name LIKE 'gaara%'")) {
            rs.next();
            if (rs.getLong(2) > 0) {
                throw new AssertionError(rs.getLong(2) + " of Gaara's connections do not use TLS");
            }
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
