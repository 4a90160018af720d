package io.gaara.adapters.secrets.vault;

import io.gaara.application.port.out.secrets.SecretAdministration;
import io.gaara.application.port.out.secrets.SecretStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.vault.client.RestClientBuilder;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.client.VaultHttpHeaders;
import org.springframework.vault.core.VaultTemplate;

/**
 * One authenticated session with Vault, shared by the {@link SecretStore} and the {@link SecretAdministration} built on
 * it; it owns the daemon thread that keeps the token valid, so close it on shutdown.
 *
 * <p>The token is Gaara's own {@link VaultSession}: obtained on the first read, renewed or replaced by a new login at
 * two thirds of its TTL, replaced at once when Vault says it is dead, retried with backoff through a sealed or absent
 * Vault (its class comment has the rules and why spring-vault's session manager is not used). {@link #close()} revokes
 * a token that Gaara obtained by logging in (AppRole, Kubernetes), never a token it was given ({@code VAULT_TOKEN}).
 *
 * <p>HTTP goes through the JDK's {@link HttpClient}, with the configured connect and read timeouts, whatever other HTTP
 * clients happen to be on the class path, and never follows a redirect: a standby node's {@code 307} is reported as
 * what it is rather than followed with the token to wherever it points.
 */
public final class VaultConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VaultConnection.class);

    private final VaultSettings settings;
    private final ScheduledThreadPoolExecutor scheduler;
    private final VaultSession session;
    private final VaultSecretStore store;
    private final VaultAdministration administration;

    private VaultConnection(VaultSettings settings, Clock clock, boolean background) {
        this.settings = Objects.requireNonNull(settings, "settings");
        RestClientBuilder http = RestClientBuilder.builder()
                .endpoint(VaultEndpoint.from(settings.address()))
                .requestFactory(requestFactory(settings));
        if (settings.namespace() != null) {
            http = http.defaultHeader(VaultHttpHeaders.VAULT_NAMESPACE, settings.namespace());
        }
        VaultHttp calls = new VaultHttp(http.build());
        VaultLogin login = VaultLogin.of(settings.auth());
        this.scheduler = background ? tokenThread() : null;
        this.session = new VaultSession(login, calls, clock, scheduler);
        try {
            this.store = new VaultSecretStore(calls, session, settings.kvMount(), settings.pathPrefix());
            VaultTemplate template = new VaultTemplate(http, session);
            this.administration = new VaultAdministration(template.opsForVersionedKeyValue(settings.kvMount()), store);
        } catch (RuntimeException e) {
            session.close();
            if (scheduler != null) {
                scheduler.shutdown();
            }
            throw e;
        }
        warnIfSpringLogsBodies();
        log.info(
                "secrets: vault at {} ({} auth{}), KV v2 {}/data/{}/<NAME>",
                settings.address(),
                settings.auth().method(),
                settings.namespace() == null ? "" : ", namespace " + settings.namespace(),
                settings.kvMount(),
                settings.pathPrefix());
    }

    /**
     * Prepares a session with Vault. Nothing is sent yet: the first read logs in, so a Vault that is down at startup
     * shows up as {@link io.gaara.application.port.out.secrets.SecretStoreUnavailableException} on that read, like any
     * later outage.
     *
     * @throws IllegalArgumentException when {@code VAULT_CACERT} cannot be read as PEM certificates, or the Kubernetes
     *     service account token file cannot be read
     */
    public static VaultConnection open(VaultSettings settings) {
        return new VaultConnection(settings, Clock.systemUTC(), true);
    }

    /**
     * On a clock of the test's choosing, without the background thread: the test runs {@link #maintainToken()} when
     * {@link #tokenDue()} says, so 30 days of renewals take seconds.
     */
    static VaultConnection openWithoutBackgroundThread(VaultSettings settings, Clock clock) {
        return new VaultConnection(settings, clock, false);
    }

    /** Reads secrets at {@code <kvMount>/data/<pathPrefix>/<NAME>}, field {@code value}. */
    public SecretStore secretStore() {
        return store;
    }

    /** Writes secrets at the same paths, for the {@code secrets} commands. */
    public SecretAdministration administration() {
        return administration;
    }

    public VaultSettings settings() {
        return settings;
    }

    /**
     * The token's state in a word for {@code /health/ready} ({@code token-valid}, {@code refresh-failing},
     * {@code login-failing}, {@code token-invalid}, {@code no-token-yet}), and whether the server can count on it:
     * false only while no working token is held.
     */
    public TokenHealth tokenHealth() {
        VaultSession.Status status = session.status();
        return new TokenHealth(
                status.state().code(),
                status.state() == VaultSession.State.VALID
                        || status.state() == VaultSession.State.STARTING
                        || status.state() == VaultSession.State.REFRESH_FAILING,
                status.state() == VaultSession.State.VALID);
    }

    /**
     * What {@code /health/ready} says of the Vault token; no token, no error text.
     *
     * @param state a word: {@code token-valid}, {@code refresh-failing}, {@code login-failing}, {@code token-invalid},
     *     {@code no-token-yet}
     * @param working a token that works is held (or none was needed yet)
     * @param healthy nothing is failing
     */
    public record TokenHealth(String state, boolean working, boolean healthy) {}

    VaultSession session() {
        return session;
    }

    /** Runs the token's maintenance now (tests without the background thread). */
    Instant maintainToken() {
        return session.maintain();
    }

    /** When the token's maintenance is next due (tests without the background thread). */
    Instant tokenDue() {
        return session.nextDue();
    }

    /** Revokes a token obtained by login (a given token is left alone), then stops the token thread. */
    @Override
    public void close() {
        try {
            session.close();
        } finally {
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
    }

    @Override
    public String toString() {
        return "VaultConnection[" + settings + "]";
    }

    private static ScheduledThreadPoolExecutor tokenThread() {
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "gaara-vault-token-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /**
     * Spring's HTTP clients log request bodies at DEBUG ("Writing [{role_id=..., secret_id=...}]"), which for Vault are
     * login credentials and, for the secrets commands, new secret values.
     */
    private static void warnIfSpringLogsBodies() {
        for (String name : new String[] {
            "org.springframework.web.client.DefaultRestClient", "org.springframework.web.client.RestTemplate"
        }) {
            if (LoggerFactory.getLogger(name).isDebugEnabled()) {
                log.warn(
                        "secrets: logger {} is at DEBUG and would log Vault request bodies (login credentials, secret "
                                + "values written by the secrets commands): set org.springframework.web.client to INFO",
                        name);
            }
        }
    }

    private static JdkClientHttpRequestFactory requestFactory(VaultSettings settings) {
        HttpClient.Builder client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.caCertificate() != null) {
            client.sslContext(trusting(settings));
        }
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client.build());
        factory.setReadTimeout(settings.readTimeout());
        return factory;
    }

    private static SSLContext trusting(VaultSettings settings) {
        try (InputStream pem = Files.newInputStream(settings.caCertificate())) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                trusted.setCertificateEntry("vault-ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IllegalArgumentException(
                        VaultSettings.VAULT_CACERT + " holds no PEM certificate: " + settings.caCertificate());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    VaultSettings.VAULT_CACERT + " cannot be read as PEM certificates: " + settings.caCertificate()
                            + " (" + e.getClass().getSimpleName() + ")",
                    e);
        }
    }
}
