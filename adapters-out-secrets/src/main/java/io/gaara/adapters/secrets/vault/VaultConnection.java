package io.gaara.adapters.secrets.vault;

import io.gaara.adapters.secrets.vault.VaultSettings.AppRoleAuth;
import io.gaara.adapters.secrets.vault.VaultSettings.KubernetesAuth;
import io.gaara.adapters.secrets.vault.VaultSettings.TokenAuth;
import io.gaara.application.port.out.secrets.SecretAdministration;
import io.gaara.application.port.out.secrets.SecretStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.RoleId;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.SecretId;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.KubernetesAuthentication;
import org.springframework.vault.authentication.KubernetesAuthenticationOptions;
import org.springframework.vault.authentication.LifecycleAwareSessionManager;
import org.springframework.vault.authentication.LifecycleAwareSessionManagerSupport.FixedTimeoutRefreshTrigger;
import org.springframework.vault.authentication.LifecycleAwareSessionManagerSupport.RefreshTrigger;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.RestClientBuilder;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.client.VaultHttpHeaders;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.web.client.RestClient;

/**
 * One authenticated session with Vault (spring-vault's {@link VaultTemplate}), shared by the {@link SecretStore} and
 * the {@link SecretAdministration} built on it; it owns the daemon thread that renews the token, so close it on
 * shutdown.
 *
 * <p>Every auth method goes through spring-vault's {@link LifecycleAwareSessionManager}: it logs in lazily on the first
 * request, looks a given token up ({@code auth/token/lookup-self}) to learn its TTL, renews a renewable token
 * ({@code auth/token/renew-self}) shortly before it expires, and logs in again when renewal is refused or the token
 * reaches its maximum TTL. {@link #close()} revokes a token that Gaara obtained by logging in (AppRole, Kubernetes),
 * never a token it was given ({@code VAULT_TOKEN}).
 *
 * <p>HTTP goes through the JDK's {@link HttpClient}, with the configured connect and read timeouts, whatever other HTTP
 * clients happen to be on the class path.
 */
public final class VaultConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VaultConnection.class);

    /**
     * spring-vault's default: renew 5 s before expiry; drop a token whose renewed TTL is 7 s or less and log in again.
     */
    static final RefreshTrigger DEFAULT_REFRESH = new FixedTimeoutRefreshTrigger(Duration.ofSeconds(5));

    private final VaultSettings settings;
    private final ThreadPoolTaskScheduler scheduler;
    private final LifecycleAwareSessionManager sessionManager;
    private final VaultSecretStore store;
    private final VaultAdministration administration;

    private VaultConnection(VaultSettings settings, RefreshTrigger refresh) {
        this.settings = Objects.requireNonNull(settings, "settings");
        RestClientBuilder http = RestClientBuilder.builder()
                .endpoint(VaultEndpoint.from(settings.address()))
                .requestFactory(requestFactory(settings));
        if (settings.namespace() != null) {
            http = http.defaultHeader(VaultHttpHeaders.VAULT_NAMESPACE, settings.namespace());
        }
        RestClient loginClient = http.build();

        this.scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setDaemon(true);
        scheduler.setThreadNamePrefix("gaara-vault-token-");
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.initialize();
        try {
            this.sessionManager = new LifecycleAwareSessionManager(
                    authentication(settings, loginClient), scheduler, loginClient, refresh);
            VaultTemplate template = new VaultTemplate(http, sessionManager);
            this.store = new VaultSecretStore(template, settings.kvMount(), settings.pathPrefix());
            this.administration = new VaultAdministration(template.opsForVersionedKeyValue(settings.kvMount()), store);
        } catch (RuntimeException e) {
            scheduler.shutdown();
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
     * @throws IllegalArgumentException when {@code VAULT_CACERT} cannot be read as PEM certificates
     */
    public static VaultConnection open(VaultSettings settings) {
        return new VaultConnection(settings, DEFAULT_REFRESH);
    }

    /** With a renewal schedule of the test's choosing, so renewal is seen within seconds. */
    static VaultConnection open(VaultSettings settings, RefreshTrigger refresh) {
        return new VaultConnection(settings, refresh);
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

    /** Revokes a token obtained by login (a given token is left alone), then stops the renewal thread. */
    @Override
    public void close() {
        try {
            sessionManager.destroy();
        } catch (RuntimeException e) {
            log.warn(
                    "secrets: could not revoke the vault token on close ({})",
                    e.getClass().getSimpleName());
        } finally {
            scheduler.shutdown();
        }
    }

    @Override
    public String toString() {
        return "VaultConnection[" + settings + "]";
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

    private static ClientAuthentication authentication(VaultSettings settings, RestClient loginClient) {
        VaultSettings.Auth auth = settings.auth();
        if (auth instanceof TokenAuth token) {
            return new TokenAuthentication(token.token());
        }
        if (auth instanceof AppRoleAuth appRole) {
            return new AppRoleAuthentication(
                    AppRoleAuthenticationOptions.builder()
                            .path(appRole.mount())
                            .roleId(RoleId.provided(appRole.roleId()))
                            .secretId(SecretId.provided(appRole.secretId()))
                            .build(),
                    loginClient);
        }
        KubernetesAuth kubernetes = (KubernetesAuth) auth;
        Path jwtFile = kubernetes.jwtFile();
        if (!Files.isReadable(jwtFile)) {
            throw new IllegalArgumentException(
                    VaultSettings.KUBERNETES_JWT_FILE + ": cannot read the service account token " + jwtFile
                            + " (is the pod's service account token mounted?)");
        }
        return new KubernetesAuthentication(
                KubernetesAuthenticationOptions.builder()
                        .path(kubernetes.mount())
                        .role(kubernetes.role())
                        // the file is read at every login: Kubernetes rotates projected service account tokens
                        .jwtSupplier(() -> readJwt(jwtFile))
                        .build(),
                loginClient);
    }

    private static String readJwt(Path jwtFile) {
        try {
            return Files.readString(jwtFile).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kubernetes service account token " + jwtFile, e);
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
