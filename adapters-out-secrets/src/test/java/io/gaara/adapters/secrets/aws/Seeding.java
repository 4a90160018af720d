package io.gaara.adapters.secrets.aws;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Puts secrets into an emulator with plain SDK calls, the way an operator's console or Terraform would, independently
 * of the administration adapter under test.
 */
final class Seeding {
    private static final AtomicInteger ENVIRONMENTS = new AtomicInteger();

    private final SecretsManagerClient client;
    private final String kmsKeyId;

    Seeding(SecretsManagerClient client, String kmsKeyId) {
        this.client = client;
        this.kmsKeyId = kmsKeyId;
    }

    /** An environment name no other test in this JVM uses, so tests share one emulator without a reset. */
    static String freshEnvironment() {
        return "test" + ENVIRONMENTS.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** One secret per name under the settings' prefix, or one JSON secret holding them all. */
    void seed(AwsSecretsSettings settings, Map<String, String> secrets) {
        if (settings.bundled()) {
            create(settings.jsonSecretId(), SecretBundle.write(new LinkedHashMap<>(secrets)));
        } else {
            secrets.forEach((name, value) -> create(settings.prefix() + name, value));
        }
    }

    /** Creates a secret under the KMS key; returns its first version id. */
    String create(String secretId, String value) {
        return client.createSecret(r -> r.name(secretId).secretString(value).kmsKeyId(kmsKeyId))
                .versionId();
    }

    /**
     * Rotates as Secrets Manager's rotation protocol does (moto's RotateSecret without a Lambda promotes an empty
     * version): put the new value as AWSPENDING, then move AWSCURRENT to it.
     */
    String rotate(String secretId, String newValue) {
        String pending = stagePending(secretId, newValue);
        String current = client.describeSecret(r -> r.secretId(secretId)).versionIdsToStages().entrySet().stream()
                .filter(e -> e.getValue().contains("AWSCURRENT"))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
        client.updateSecretVersionStage(r -> r.secretId(secretId)
                .versionStage("AWSCURRENT")
                .moveToVersionId(pending)
                .removeFromVersionId(current));
        return pending;
    }

    String stagePending(String secretId, String newValue) {
        return client.putSecretValue(r -> r.secretId(secretId)
                        .secretString(newValue)
                        .versionStages("AWSPENDING")
                        .clientRequestToken(UUID.randomUUID().toString()))
                .versionId();
    }

    /** In JSON mode: the same rotation, of the whole object with one entry replaced. */
    String rotateEntry(String secretId, String name, String newValue) {
        String text = client.getSecretValue(r -> r.secretId(secretId)).secretString();
        Map<String, String> entries = new LinkedHashMap<>(SecretBundle.parse(secretId, "current", text));
        entries.put(name, newValue);
        return rotate(secretId, SecretBundle.write(entries));
    }
}
