package io.gaara.adapters.secrets.aws;

import io.gaara.adapters.secrets.LocalVersionIds;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Reads Gaara's secrets from AWS Secrets Manager, so production keys live encrypted under KMS and rotate through
 * Secrets Manager's stages ({@code AWSCURRENT}, {@code AWSPREVIOUS}, {@code AWSPENDING}).
 *
 * <p>The version id is Secrets Manager's {@code VersionId} (it becomes the JWT {@code kid}). In JSON mode, where one
 * secret holds every name, it is {@code local:<id>#<NAME>}, a {@link LocalVersionIds process-local} id of that name's
 * value: a write of another name in the bundle must not look like a new version of this one, and an id derived from the
 * value alone would let whoever reads the log confirm guesses of a weak database password. The JWT key rings sign such
 * keys under a {@code kid} derived from the key itself, the same on every instance.
 *
 * <p>A missing secret, stage or JSON entry, a secret scheduled for deletion and an empty string read as absent; every
 * SDK or network failure is a {@link SecretStoreUnavailableException} naming the secret id and the error code. A binary
 * secret or a malformed JSON secret is a configuration error ({@link IllegalStateException}), not an outage.
 */
public final class AwsSecretsManagerSecretStore implements SecretStore {
    public static final String BACKEND_NAME = "aws-secrets-manager";

    static final String AWSCURRENT = "AWSCURRENT";
    static final String AWSPREVIOUS = "AWSPREVIOUS";
    static final String AWSPENDING = "AWSPENDING";
    static final char BUNDLE_VERSION_SEPARATOR = '#';

    private static final Logger log = LoggerFactory.getLogger(AwsSecretsManagerSecretStore.class);

    private final SecretsManagerClient client;
    private final AwsSecretsSettings settings;

    /** @param client built by {@link AwsSecretsClients#secretsManager()} in production; the caller closes it */
    public AwsSecretsManagerSecretStore(SecretsManagerClient client, AwsSecretsSettings settings) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Optional<Secret> read(String name) {
        return readStage(name, SecretStage.CURRENT);
    }

    /** Current first, then previous when Secrets Manager still has an {@code AWSPREVIOUS} version of it. */
    @Override
    public List<Secret> readAccepted(String name) {
        Optional<Secret> current = read(name);
        if (current.isEmpty()) {
            return List.of();
        }
        Optional<Secret> previous = readStage(name, SecretStage.PREVIOUS)
                .filter(p -> !p.versionId().equals(current.get().versionId()));
        return previous.map(p -> List.of(current.get(), p)).orElseGet(() -> List.of(current.get()));
    }

    @Override
    public Optional<Secret> readStage(String name, SecretStage stage) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stage, "stage");
        String secretId = settings.secretIdOf(name);
        String awsStage = awsStage(stage);
        Optional<GetSecretValueResponse> found = fetch(client, secretId, awsStage);
        if (found.isEmpty()) {
            log.debug("secret {} absent: no {} version of {}", name, awsStage, secretId);
            return Optional.empty();
        }
        GetSecretValueResponse response = found.get();
        if (stage != SecretStage.CURRENT && response.versionStages().contains(AWSCURRENT)) {
            // a rotation promoted it without taking the label off: it is no longer pending
            log.debug(
                    "secret {}: the {} version {} of {} is already current",
                    name,
                    awsStage,
                    response.versionId(),
                    secretId);
            return Optional.empty();
        }
        String text = textOf(secretId, response);
        String value;
        String versionId;
        if (settings.bundled()) {
            value = SecretBundle.parse(secretId, response.versionId(), text).get(name);
            // named by its own value, not by the bundle's version: a write of another name in the bundle must not
            // look like a rotation of this one
            versionId = bundledVersionId(name, value);
        } else {
            value = text;
            versionId = response.versionId();
        }
        if (value == null || value.isEmpty()) {
            log.debug(
                    "secret {} absent: the {} version {} of {} holds no value for it",
                    name,
                    awsStage,
                    response.versionId(),
                    secretId);
            return Optional.empty();
        }
        log.debug("secret {} read: {} version {} of {}", name, awsStage, versionId, secretId);
        return Optional.of(new Secret(name, versionId, value));
    }

    /** The version id of one name's value in the JSON secret: its process-local id, then {@code #name}. */
    static String bundledVersionId(String name, String value) {
        return LocalVersionIds.of(value == null ? "" : value) + BUNDLE_VERSION_SEPARATOR + name;
    }

    /**
     * The secret holding the name (its own, or the JSON bundle) is scheduled for deletion: it reads as absent, and a
     * chain must not take the name from the next backend (an operator deleting a leaked key has withdrawn it).
     */
    @Override
    public boolean withdrawn(String name) {
        String secretId = settings.secretIdOf(Objects.requireNonNull(name, "name"));
        try {
            return client.describeSecret(r -> r.secretId(secretId)).deletedDate() != null;
        } catch (ResourceNotFoundException gone) {
            return false;
        } catch (SdkException e) {
            throw unavailable("describe", secretId, null, e);
        }
    }

    @Override
    public String backendName() {
        return BACKEND_NAME;
    }

    @Override
    public String toString() {
        return "AwsSecretsManagerSecretStore["
                + (settings.bundled() ? "jsonSecretId=" + settings.jsonSecretId() : "prefix=" + settings.prefix())
                + "]";
    }

    /** One stage of one secret, or empty when Secrets Manager has no such secret or no version at that stage. */
    static Optional<GetSecretValueResponse> fetch(SecretsManagerClient client, String secretId, String awsStage) {
        try {
            return Optional.of(client.getSecretValue(r -> r.secretId(secretId).versionStage(awsStage)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (InvalidRequestException e) {
            if (scheduledForDeletion(client, secretId)) {
                return Optional.empty();
            }
            throw unavailable("read", secretId, awsStage, e);
        } catch (SdkException e) {
            throw unavailable("read", secretId, awsStage, e);
        }
    }

    static SecretStoreUnavailableException unavailable(
            String action, String secretId, String awsStage, SdkException e) {
        // the cause stays for its stack: for reads the SDK's messages describe the request (id, stage), never a value
        return new SecretStoreUnavailableException(
                "AWS Secrets Manager could not " + action + " secret " + secretId
                        + (awsStage == null ? "" : " (" + awsStage + ")") + ": " + AwsErrors.describe(e),
                e);
    }

    static String textOf(String secretId, GetSecretValueResponse response) {
        if (response.secretString() == null) {
            throw new IllegalStateException("secret " + secretId + " (version " + response.versionId()
                    + ") holds a binary value; Gaara reads SecretString only: store the value as text");
        }
        return response.secretString();
    }

    /*
     * GetSecretValue on a secret scheduled for deletion answers InvalidRequestException rather than
     * ResourceNotFoundException; the same exception also means other things, so ask rather than
     * parse its message.
     */
    static boolean scheduledForDeletion(SecretsManagerClient client, String secretId) {
        try {
            return client.describeSecret(r -> r.secretId(secretId)).deletedDate() != null;
        } catch (ResourceNotFoundException gone) {
            return true;
        } catch (SdkException e) {
            return false;
        }
    }

    private static String awsStage(SecretStage stage) {
        return switch (stage) {
            case CURRENT -> AWSCURRENT;
            case PREVIOUS -> AWSPREVIOUS;
            case PENDING -> AWSPENDING;
        };
    }
}
