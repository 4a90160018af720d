package io.gaara.adapters.email;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Self-signed server certificates made once per test run with the JDK's keytool, so the TLS tests check the server's
 * identity as production does (GreenMail's own test certificate names no host). The SMTP sender trusts one through
 * {@code GAARA_SMTP_CA_CERT}; GreenMail and SubEthaSMTP serve it.
 */
final class TestCertificate {
    static final String PASSWORD = "changeit";
    private static TestCertificate localhost;
    private static TestCertificate anotherHost;

    final Path keyStore;
    final Path pem;

    private TestCertificate(Path keyStore, Path pem) {
        this.keyStore = keyStore;
        this.pem = pem;
    }

    /** The certificate of 127.0.0.1 and localhost; GreenMail's TLS servers serve it once this has been called. */
    static synchronized TestCertificate get() {
        if (localhost == null) {
            localhost = make("SAN=ip:127.0.0.1,dns:localhost");
            // read by GreenMail's DummySSLServerSocketFactory when its first TLS server starts
            System.setProperty("greenmail.tls.keystore.file", localhost.keyStore.toString());
            System.setProperty("greenmail.tls.keystore.password", PASSWORD);
            System.setProperty("greenmail.tls.key.password", PASSWORD);
        }
        return localhost;
    }

    /**
     * A certificate for another host ({@code mail.elsewhere.example}): trusted when its PEM is, but not 127.0.0.1's.
     */
    static synchronized TestCertificate forAnotherHost() {
        if (anotherHost == null) {
            anotherHost = make("SAN=dns:mail.elsewhere.example");
        }
        return anotherHost;
    }

    /** A server-side TLS context presenting the certificate. */
    SSLContext serverContext() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestCertificate make(String subjectAlternativeNames) {
        try {
            Path dir = Files.createTempDirectory("gaara-email-tls");
            Path keyStore = dir.resolve("server.p12");
            Path pem = dir.resolve("server.pem");
            keytool(
                    "-genkeypair",
                    "-alias",
                    "server",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-validity",
                    "2",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    subjectAlternativeNames,
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    PASSWORD,
                    "-keypass",
                    PASSWORD);
            keytool(
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "server",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    PASSWORD,
                    "-file",
                    pem.toString());
            dir.toFile().deleteOnExit();
            keyStore.toFile().deleteOnExit();
            pem.toFile().deleteOnExit();
            return new TestCertificate(keyStore, pem);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
