package io.gaara.adapters.secrets.aws;

import static io.gaara.adapters.secrets.aws.AwsSecretsManagerSecretStore.AWSCURRENT;
import static io.gaara.adapters.secrets.aws.AwsSecretsManagerSecretStore.AWSPENDING;
import static io.gaara.adapters.secrets.aws.AwsSecretsManagerSecretStore.AWSPREVIOUS;
import static io.gaara.adapters.secrets.aws.AwsSecretsManagerSecretStore.BUNDLE_VERSION_SEPARATOR;

import io.gaara.application.port.out.secrets.SecretAdministration;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Writes secrets to AWS Secrets Manager for the operator's {@code secrets init} and {@code secrets rotate}: created
 * encrypted under the operator's KMS key and tagged, rotated through {@code AWSPENDING} so a new value can be checked
 * before it becomes {@code AWSCURRENT}.
 *
 * <p>Version ids are the ones {@link AwsSecretsManagerSecretStore} reports, so a staged version can be compared with
 * what the server reads. Failures never carry a value: SDK errors are reported by code, and their messages, which
 * describe requests that hold values, are not passed on.
 */
public final class AwsSecretsManagerAdministration implements SecretAdministration {
    static final String MANAGED_BY = "gaara-cli";

    private static final Logger log = LoggerFactory.getLogger(AwsSecretsManagerAdministration.class);

    private final SecretsManagerClient client;
    private final AwsSecretsSettings settings;
    private final String kmsKeyId;

    /**
     * @param kmsKeyId key id, ARN or alias new secrets are encrypted under; null when only rotating (a new version
     *     keeps its secret's key), in which case {@link #createIfAbsent} refuses
     */
    public AwsSecretsManagerAdministration(SecretsManagerClient client, AwsSecretsSettings settings, String kmsKeyId) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.kmsKeyId = kmsKeyId == null || kmsKeyId.isBlank() ? null : kmsKeyId.strip();
    }

    /**
     * Checks, before anything is created, that the KMS key exists, is enabled and can encrypt secrets (Secrets Manager
     * needs a symmetric encryption key).
     *
     * @return the key's ARN
     * @throws IllegalStateException when it cannot serve, with the reason
     * @throws SecretStoreUnavailableException when KMS does not answer
     */
    public String verifyKmsKey(KmsClient kms) {
        Objects.requireNonNull(kms, "kms");
        String keyId = requireKmsKey();
        KeyMetadata key;
        try {
            key = kms.describeKey(r -> r.keyId(keyId)).keyMetadata();
        } catch (NotFoundException e) {
            throw new IllegalStateException("KMS key " + keyId + " does not exist in this account and region");
        } catch (SdkException e) {
            throw new SecretStoreUnavailableException(
                    "KMS could not describe key " + keyId + ": " + AwsErrors.describe(e));
        }
        if (key.keyState() != KeyState.ENABLED) {
            throw new IllegalStateException("KMS key " + key.arn() + " is " + key.keyStateAsString() + ", not Enabled");
        }
        // KeyUsage defaults to ENCRYPT_DECRYPT; moto leaves it out when the key was created without it
        boolean encrypts = key.keyUsage() == null || key.keyUsage() == KeyUsageType.ENCRYPT_DECRYPT;
        if (!encrypts || key.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
            throw new IllegalStateException("KMS key " + key.arn() + " is " + key.keySpecAsString() + " for "
                    + key.keyUsageAsString() + "; Secrets Manager needs a SYMMETRIC_DEFAULT key for ENCRYPT_DECRYPT");
        }
        return key.arn();
    }

    /** Creates the secret encrypted under the KMS key and tagged; in JSON mode adds the entry to the one secret. */
    @Override
    public boolean createIfAbsent(String name, String value) {
        requireValue(name, value);
        String keyId = requireKmsKey();
        String secretId = settings.secretIdOf(name);
        if (!settings.bundled()) {
            boolean created = create(secretId, keyId, value, "Gaara " + name + " (" + settings.environment() + ")");
            log.info("secret {}: {} {}", name, created ? "created as" : "left as it was, already at", secretId);
            return created;
        }
        Optional<GetSecretValueResponse> current = AwsSecretsManagerSecretStore.fetch(client, secretId, AWSCURRENT);
        if (current.isEmpty()) {
            if (create(
                    secretId,
                    keyId,
                    SecretBundle.write(Map.of(name, value)),
                    "Gaara secrets (" + settings.environment() + ")")) {
                log.info("secret {}: created JSON secret {} holding it", name, secretId);
                return true;
            }
            current = AwsSecretsManagerSecretStore.fetch(client, secretId, AWSCURRENT); // created meanwhile
        }
        GetSecretValueResponse bundle = current.orElseThrow(
                () -> new IllegalStateException("JSON secret " + secretId + " exists but has no AWSCURRENT version"));
        Map<String, String> entries = new LinkedHashMap<>(SecretBundle.parse(
                secretId, bundle.versionId(), AwsSecretsManagerSecretStore.textOf(secretId, bundle)));
        if (entries.containsKey(name)) {
            log.info("secret {}: left as it was, already in {}", name, secretId);
            return false;
        }
        entries.put(name, value);
        // without stages, PutSecretValue makes the new version AWSCURRENT and the old one AWSPREVIOUS
        String versionId = put(secretId, SecretBundle.write(entries), List.of());
        log.info("secret {}: added to {} as version {}", name, secretId, versionId);
        return true;
    }

    /**
     * Puts {@code value} as a new {@code AWSPENDING} version; in JSON mode, the whole object with that entry replaced.
     */
    @Override
    public String stagePending(String name, String value) {
        requireValue(name, value);
        String secretId = settings.secretIdOf(name);
        String text = value;
        if (settings.bundled()) {
            GetSecretValueResponse bundle = AwsSecretsManagerSecretStore.fetch(client, secretId, AWSCURRENT)
                    .orElseThrow(() -> missing(secretId));
            Map<String, String> entries = new LinkedHashMap<>(SecretBundle.parse(
                    secretId, bundle.versionId(), AwsSecretsManagerSecretStore.textOf(secretId, bundle)));
            entries.put(name, value);
            text = SecretBundle.write(entries);
        }
        String versionId = put(secretId, text, List.of(AWSPENDING));
        log.info("secret {}: version {} of {} staged as AWSPENDING", name, versionId, secretId);
        return settings.bundled() ? AwsSecretsManagerSecretStore.bundledVersionId(name, value) : versionId;
    }

    /**
     * Moves {@code AWSCURRENT} to the pending version, naming the current one in {@code RemoveFromVersionId} (Secrets
     * Manager refuses the move without it and then labels that one {@code AWSPREVIOUS} itself), and takes
     * {@code AWSPENDING} off, so the next rotation starts clean and a reader of the pending stage does not see the
     * current value twice. Promoting a version that is already current only clears its pending label, so a retried
     * rotation is safe.
     */
    @Override
    public void promotePending(String name, String versionId) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(versionId, "versionId");
        String secretId = settings.secretIdOf(name);
        String awsVersionId = awsVersionIdOf(name, versionId);
        Map<String, List<String>> stages;
        try {
            stages = client.describeSecret(r -> r.secretId(secretId)).versionIdsToStages();
        } catch (ResourceNotFoundException e) {
            throw missing(secretId);
        } catch (SdkException e) {
            throw failed("describe", secretId, e);
        }
        List<String> labels = stages.get(awsVersionId);
        if (labels == null) {
            throw new IllegalStateException("secret " + secretId + " has no version " + awsVersionId);
        }
        if (!labels.contains(AWSPENDING) && !labels.contains(AWSCURRENT)) {
            throw new IllegalStateException("version " + awsVersionId + " of secret " + secretId
                    + " is not pending (its stages: " + labels + "); stage a new value first");
        }
        String current = stages.entrySet().stream()
                .filter(e -> e.getValue().contains(AWSCURRENT))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
        try {
            if (!awsVersionId.equals(current)) {
                client.updateSecretVersionStage(r -> r.secretId(secretId)
                        .versionStage(AWSCURRENT)
                        .moveToVersionId(awsVersionId)
                        .removeFromVersionId(current));
            }
            if (labels.contains(AWSPENDING)) {
                client.updateSecretVersionStage(
                        r -> r.secretId(secretId).versionStage(AWSPENDING).removeFromVersionId(awsVersionId));
            }
        } catch (SdkException e) {
            throw failed("promote a version of", secretId, e);
        }
        log.info(
                "secret {}: version {} of {} promoted to AWSCURRENT (previous: {})",
                name,
                awsVersionId,
                secretId,
                awsVersionId.equals(current) ? "unchanged" : current);
    }

    /** Secrets Manager's {@code VersionId} of the {@code AWSCURRENT} version (of the JSON secret in that mode). */
    @Override
    public String currentRevision(String name) {
        String secretId = settings.secretIdOf(Objects.requireNonNull(name, "name"));
        return labelled(stages(secretId), AWSCURRENT)
                .orElseThrow(() -> new IllegalStateException("secret " + secretId + " has no AWSCURRENT version"));
    }

    /**
     * Takes {@code AWSPENDING} off the staged version: it is left without a label, which Secrets Manager treats as
     * deprecated and deletes in time, and nothing reads it (the next rotation stages its own).
     */
    @Override
    public void discardPending(String name, String versionId) {
        String secretId = settings.secretIdOf(Objects.requireNonNull(name, "name"));
        Optional<String> pending = labelled(stages(secretId), AWSPENDING);
        if (pending.isEmpty()) {
            return;
        }
        try {
            client.updateSecretVersionStage(
                    r -> r.secretId(secretId).versionStage(AWSPENDING).removeFromVersionId(pending.get()));
        } catch (SdkException e) {
            throw failed("take the pending label off a version of", secretId, e);
        }
        log.info("secret {}: version {} of {} is no longer AWSPENDING (unlabelled)", name, pending.get(), secretId);
    }

    /**
     * Takes {@code AWSPREVIOUS} off the version holding it: the stores read accepted versions by that label, so the
     * version stops verifying at each server's next re-read. The version itself stays, unlabelled, until Secrets
     * Manager deletes it.
     */
    @Override
    public Optional<String> retirePrevious(String name) {
        String secretId = settings.secretIdOf(Objects.requireNonNull(name, "name"));
        Map<String, List<String>> stages = stages(secretId);
        Optional<String> previous =
                labelled(stages, AWSPREVIOUS).filter(v -> !stages.get(v).contains(AWSCURRENT));
        if (previous.isEmpty()) {
            return Optional.empty();
        }
        try {
            client.updateSecretVersionStage(
                    r -> r.secretId(secretId).versionStage(AWSPREVIOUS).removeFromVersionId(previous.get()));
        } catch (SdkException e) {
            throw failed("take the previous label off a version of", secretId, e);
        }
        log.info("secret {}: AWSPREVIOUS taken off version {} of {}", name, previous.get(), secretId);
        return Optional.of("AWSPREVIOUS version " + previous.get() + " of " + secretId);
    }

    @Override
    public String backendName() {
        return AwsSecretsManagerSecretStore.BACKEND_NAME;
    }

    private Map<String, List<String>> stages(String secretId) {
        try {
            return client.describeSecret(r -> r.secretId(secretId)).versionIdsToStages();
        } catch (ResourceNotFoundException e) {
            throw missing(secretId);
        } catch (SdkException e) {
            throw failed("describe", secretId, e);
        }
    }

    private static Optional<String> labelled(Map<String, List<String>> stages, String label) {
        return stages.entrySet().stream()
                .filter(e -> e.getValue().contains(label))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    @Override
    public String toString() {
        return "AwsSecretsManagerAdministration["
                + (settings.bundled() ? "jsonSecretId=" + settings.jsonSecretId() : "prefix=" + settings.prefix())
                + ", kmsKeyId=" + kmsKeyId + "]";
    }

    private boolean create(String secretId, String keyId, String text, String description) {
        try {
            client.createSecret(r -> r.name(secretId)
                    .secretString(text)
                    .kmsKeyId(keyId)
                    .description(description)
                    .clientRequestToken(UUID.randomUUID().toString())
                    .tags(
                            tag("app", "gaara"),
                            tag("environment", settings.environment()),
                            tag("managed-by", MANAGED_BY)));
            return true;
        } catch (ResourceExistsException | InvalidRequestException e) {
            // AWS answers InvalidRequestException for a name scheduled for deletion, moto ResourceExistsException;
            // either way reads of it are absent, so "already there" would be a lie
            if (AwsSecretsManagerSecretStore.scheduledForDeletion(client, secretId)) {
                throw new IllegalStateException("secret " + secretId + " is scheduled for deletion: restore it "
                        + "(aws secretsmanager restore-secret) or wait until it is deleted");
            }
            if (e instanceof ResourceExistsException) {
                return false;
            }
            throw failed("create", secretId, e);
        } catch (SdkException e) {
            throw failed("create", secretId, e);
        }
    }

    private String put(String secretId, String text, List<String> stages) {
        try {
            return client.putSecretValue(r -> {
                        r.secretId(secretId)
                                .secretString(text)
                                .clientRequestToken(UUID.randomUUID().toString());
                        if (!stages.isEmpty()) {
                            r.versionStages(stages);
                        }
                    })
                    .versionId();
        } catch (ResourceNotFoundException e) {
            throw missing(secretId);
        } catch (SdkException e) {
            throw failed("write a version of", secretId, e);
        }
    }

    /**
     * The Secrets Manager version behind a version id the store handed out. In JSON-secret mode the id names a value,
     * not a bundle version: the pending (else current) bundle version holding that value for this name.
     */
    private String awsVersionIdOf(String name, String versionId) {
        if (!settings.bundled()) {
            return versionId;
        }
        String suffix = BUNDLE_VERSION_SEPARATOR + name;
        if (!versionId.endsWith(suffix)) {
            throw new IllegalArgumentException("version id " + versionId + " is not one of " + name + " in JSON secret "
                    + settings.jsonSecretId());
        }
        String secretId = settings.secretIdOf(name);
        for (String stage : List.of(AWSPENDING, AWSCURRENT)) {
            Optional<GetSecretValueResponse> bundle = AwsSecretsManagerSecretStore.fetch(client, secretId, stage);
            if (bundle.isPresent()) {
                String value = SecretBundle.parse(
                                secretId,
                                bundle.get().versionId(),
                                AwsSecretsManagerSecretStore.textOf(secretId, bundle.get()))
                        .get(name);
                if (value != null
                        && AwsSecretsManagerSecretStore.bundledVersionId(name, value)
                                .equals(versionId)) {
                    return bundle.get().versionId();
                }
            }
        }
        throw new IllegalStateException("secret " + secretId + " has no pending or current version holding " + versionId
                + "; stage a new value first");
    }

    private String requireKmsKey() {
        if (kmsKeyId == null) {
            throw new IllegalStateException(
                    "no KMS key given: secrets are created encrypted under a key of yours (--kms-key-id)");
        }
        return kmsKeyId;
    }

    private static void requireValue(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException(
                    "secret " + name + ": an empty value reads as absent, refusing to store it");
        }
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static IllegalStateException missing(String secretId) {
        return new IllegalStateException("secret " + secretId + " does not exist: create it first (secrets init)");
    }

    /* No cause: the SDK's message for a write may describe the request, and the request holds the value. */
    private static SecretStoreUnavailableException failed(String action, String secretId, SdkException e) {
        return new SecretStoreUnavailableException(
                "AWS Secrets Manager could not " + action + " secret " + secretId + ": " + AwsErrors.describe(e));
    }
}
