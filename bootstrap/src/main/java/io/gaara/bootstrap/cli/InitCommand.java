package io.gaara.bootstrap.cli;

import io.gaara.adapters.secrets.aws.AwsSecretsClients;
import io.gaara.adapters.secrets.aws.AwsSecretsManagerAdministration;
import io.gaara.application.port.out.secrets.SecretAdministration;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.bootstrap.config.SecretBackends;
import io.gaara.bootstrap.config.SecretRules;
import io.gaara.bootstrap.config.SecretRules.Known;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@code secrets init}: creates, with random values, the secrets Gaara reads and can make itself (the signing keys),
 * leaves existing ones as they are, then runs {@code check}. On AWS every secret is encrypted under the operator's own
 * KMS key, verified first.
 */
final class InitCommand {
    private final SecretBackends backends;
    private final Map<String, String> config;
    private final PrintStream out;

    InitCommand(SecretBackends backends, Map<String, String> config, PrintStream out) {
        this.backends = backends;
        this.config = config;
        this.out = out;
    }

    int run(Optional<String> kmsKeyId) {
        SecretAdministration admin = backends.administration(kmsKeyId.orElse(null));
        if (admin instanceof AwsSecretsManagerAdministration aws) {
            if (kmsKeyId.isEmpty()) {
                out.println("error: --kms-key-id is required: every secret is encrypted under your own KMS key");
                return SecretsCommand.USAGE;
            }
            try (KmsClient kms = AwsSecretsClients.kms()) {
                out.println("KMS key: " + aws.verifyKmsKey(kms));
            }
        }
        SecretStore store = backends.store();
        for (Known known : Known.values()) {
            if (known.generatedBytes == 0) {
                boolean present = !store.readAccepted(known.name()).isEmpty();
                out.printf(
                        "  %-24s %s%n",
                        known.name(), present ? "present" : "not created: " + known.description + "; set it yourself");
                continue;
            }
            boolean created = admin.createIfAbsent(known.name(), SecretRules.random(known.generatedBytes));
            out.printf("  %-24s %s%n", known.name(), created ? "created" : "exists, left as it is");
        }
        // the generated secrets are in place; what is still missing is issued elsewhere, and `check` says so
        new CheckCommand(store, config, out).run();
        return SecretsCommand.OK;
    }
}
