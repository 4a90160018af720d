package io.gaara.bootstrap.config;

import io.gaara.adapters.http.ReadinessProbe;
import io.gaara.adapters.http.ReadinessProbe.Readiness;
import io.gaara.adapters.secrets.EnvironmentSecretStore;
import io.gaara.adapters.secrets.aws.AwsSecretsClients;
import io.gaara.adapters.secrets.aws.AwsSecretsManagerAdministration;
import io.gaara.adapters.secrets.aws.AwsSecretsManagerSecretStore;
import io.gaara.adapters.secrets.aws.AwsSecretsSettings;
import io.gaara.adapters.secrets.chain.ChainedSecretStore;
import io.gaara.adapters.secrets.vault.VaultConnection;
import io.gaara.adapters.secrets.vault.VaultSettings;
import io.gaara.application.port.out.secrets.SecretAdministration;
import io.gaara.application.port.out.secrets.SecretStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The secrets backends named by {@code GAARA_SECRETS_BACKEND}, in fallback order, opened once and closed with the
 * server. Choosing one is an exhaustive switch that fails fast with the allowed values; production without the variable
 * means AWS Secrets Manager, never a silent fallback to development values.
 */
public final class SecretBackends implements AutoCloseable {
    public enum Kind {
        ENV,
        DOTENV,
        AWS,
        VAULT;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Allows {@code http://} to a loopback Vault Agent in production. */
    public static final String VAULT_PLAINTEXT_LOOPBACK = "GAARA_VAULT_PLAINTEXT_LOOPBACK";

    private static final Logger log = LoggerFactory.getLogger(SecretBackends.class);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<SecretStore> stores = new ArrayList<>();
    private final List<Kind> kinds;
    private final String environment;
    private final Map<String, String> config;
    private SecretsManagerClient awsClient;
    private VaultConnection vaultConnection;

    private SecretBackends(List<Kind> kinds, String environment, Map<String, String> config) {
        this.kinds = kinds;
        this.environment = environment;
        this.config = config;
    }

    /**
     * Parses {@code GAARA_SECRETS_BACKEND} ("aws", "aws,env", ...); development defaults to dotenv, production to aws.
     */
    static List<Kind> parse(String text, Environment environment) {
        if (text == null || text.isBlank()) {
            return List.of(environment == Environment.PRODUCTION ? Kind.AWS : Kind.DOTENV);
        }
        List<Kind> kinds = new ArrayList<>();
        for (String part : text.split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            Kind kind = switch (name) {
                case "env" -> Kind.ENV;
                case "dotenv" -> Kind.DOTENV;
                case "aws" -> Kind.AWS;
                case "vault" -> Kind.VAULT;
                default ->
                    throw new ConfigurationException("GAARA_SECRETS_BACKEND must be a comma-separated list of "
                            + Arrays.stream(Kind.values()).map(Kind::code).collect(Collectors.joining(", ")) + "; got '"
                            + part.strip() + "'");
            };
            if (kinds.contains(kind)) {
                throw new ConfigurationException("GAARA_SECRETS_BACKEND names " + name + " twice");
            }
            kinds.add(kind);
        }
        return List.copyOf(kinds);
    }

    /**
     * Opens every configured backend.
     *
     * @param config the merged configuration (environment over .env): AWS and Vault settings come from it
     * @param processEnvironment what the {@code env} and {@code dotenv} backends read
     * @param workingDirectory where {@code dotenv} finds {@code .env}
     */
    public static SecretBackends open(
            Settings settings,
            Map<String, String> config,
            Map<String, String> processEnvironment,
            Path workingDirectory) {
        String environment = settings.environment().name().toLowerCase(Locale.ROOT);
        SecretBackends backends = new SecretBackends(settings.secrets().backends(), environment, config);
        try {
            for (Kind kind : settings.secrets().backends()) {
                backends.stores.add(
                        switch (kind) {
                            case ENV -> new EnvironmentSecretStore(processEnvironment);
                            case DOTENV ->
                                new EnvironmentSecretStore(
                                        processEnvironment,
                                        workingDirectory,
                                        EnvironmentSecretStore.DEFAULT_DOTENV_FILENAME);
                            case AWS -> backends.aws();
                            case VAULT -> backends.vault();
                        });
            }
            return backends;
        } catch (RuntimeException e) {
            backends.close();
            throw e;
        }
    }

    private SecretStore aws() {
        // the settings first: a malformed prefix is the operator's to fix, whatever the region
        AwsSecretsSettings settings = awsSettings();
        try {
            awsClient = AwsSecretsClients.secretsManager();
        } catch (IllegalStateException e) {
            throw new ConfigurationException(
                    "AWS Secrets Manager needs a region: set AWS_REGION (and credentials through the "
                            + "usual AWS chain: environment, profile, web identity, instance role)");
        }
        resources.add(awsClient);
        return new AwsSecretsManagerSecretStore(awsClient, settings);
    }

    private AwsSecretsSettings awsSettings() {
        try {
            return AwsSecretsSettings.fromVariables(environment, config);
        } catch (IllegalArgumentException e) {
            // escaped as a stack trace and exit 1; the message quotes the prefix or secret id, never a secret value
            throw new ConfigurationException(AwsSecretsSettings.PREFIX_VARIABLE + " / "
                    + AwsSecretsSettings.JSON_SECRET_ID_VARIABLE + ": " + e.getMessage());
        }
    }

    private SecretStore vault() {
        VaultSettings vaultSettings;
        try {
            vaultSettings = VaultSettings.fromConfig(config, environment);
        } catch (IllegalArgumentException e) {
            // the message names the variable that is missing or malformed, never a token
            throw new ConfigurationException("Vault: " + e.getMessage());
        }
        if (environment.equals("production")) {
            requireHttps(vaultSettings.address());
        }
        try {
            vaultConnection = VaultConnection.open(vaultSettings);
        } catch (RuntimeException e) {
            // e.g. an unreadable Kubernetes service-account token file
            throw new ConfigurationException(
                    "Vault: cannot set up " + vaultSettings.auth().method() + " authentication ("
                            + e.getClass().getSimpleName() + ")");
        }
        resources.add(vaultConnection);
        return vaultConnection.secretStore();
    }

    /**
     * Production reaches Vault over https: over http its token and every secret Gaara reads cross the network as plain
     * text. The one exception, said in so many words ({@value #VAULT_PLAINTEXT_LOOPBACK}{@code =true}), is a Vault
     * Agent listening on this host's (or this pod's) loopback interface, which never puts the traffic on a network; the
     * agent itself then talks https to Vault.
     */
    private void requireHttps(URI address) {
        if (!"http".equals(address.getScheme())) {
            return;
        }
        String allowed = Objects.requireNonNullElse(config.get(VAULT_PLAINTEXT_LOOPBACK), "false")
                .strip()
                .toLowerCase(Locale.ROOT);
        if (!allowed.equals("true") && !allowed.equals("false") && !allowed.isEmpty()) {
            throw new ConfigurationException(
                    VAULT_PLAINTEXT_LOOPBACK + " must be true or false; got '" + allowed + "'");
        }
        String host = address.getHost();
        if (!allowed.equals("true")) {
            throw new ConfigurationException(VaultSettings.VAULT_ADDR + "=" + address + ": production reaches Vault "
                    + "over https only (over http the Vault token and every secret cross the network in plain text). "
                    + "For a Vault Agent on this host or in this pod, such as http://127.0.0.1:8100, set "
                    + VAULT_PLAINTEXT_LOOPBACK + "=true");
        }
        if (!Settings.loopback(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)) {
            throw new ConfigurationException(VaultSettings.VAULT_ADDR + "=" + address + ": " + VAULT_PLAINTEXT_LOOPBACK
                    + " allows http only to a loopback address (127.0.0.1, ::1, localhost), where a Vault Agent "
                    + "listens; " + host + " is not one: use https");
        }
        log.info(
                "reaching Vault over http at {}: a loopback agent, as {}=true allows",
                address,
                VAULT_PLAINTEXT_LOOPBACK);
    }

    /**
     * What the backends add to {@code /health/ready}: for Vault, a {@code vault} check whose detail is the token's
     * state ({@code token-valid}, {@code refresh-failing}, {@code login-failing}, {@code token-invalid}). It is
     * DEGRADED, never DOWN, while the token fails: the cache serves the last values, and taking every instance out of
     * service at once because a secret id expired would turn a warning into an outage.
     */
    public List<ReadinessProbe> probes() {
        if (vaultConnection == null) {
            return List.of();
        }
        VaultConnection vault = vaultConnection;
        return List.of(ReadinessProbe.withDetail(
                "vault",
                () -> vault.tokenHealth().healthy() ? Readiness.UP : Readiness.DEGRADED,
                () -> Optional.of(vault.tokenHealth().state())));
    }

    /** The backends in fallback order, as one store (not yet cached). */
    public SecretStore store() {
        return stores.size() == 1 ? stores.get(0) : new ChainedSecretStore(stores);
    }

    /** Whether the first backend, the one the operator's commands write to, keeps versions (aws, vault). */
    public boolean keepsVersions() {
        return kinds.get(0) == Kind.AWS || kinds.get(0) == Kind.VAULT;
    }

    /** The code of the first backend, as GAARA_SECRETS_BACKEND names it. */
    public String writerName() {
        return kinds.get(0).code();
    }

    /** The backend the operator's commands write to: the first one, which must be able to write. */
    public SecretAdministration administration(String kmsKeyId) {
        return switch (kinds.get(0)) {
            case AWS -> new AwsSecretsManagerAdministration(awsClient, awsSettings(), kmsKeyId);
            case VAULT -> vaultConnection.administration();
            case ENV, DOTENV ->
                throw new ConfigurationException("the " + kinds.get(0).code()
                        + " backend is read-only: edit the environment or .env yourself;"
                        + " `secrets init`, `secrets rotate` and `secrets retire-previous` "
                        + "write to aws or vault");
        };
    }

    @Override
    public void close() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                // closing clients on the way out: nothing useful to do
            }
        }
    }
}
