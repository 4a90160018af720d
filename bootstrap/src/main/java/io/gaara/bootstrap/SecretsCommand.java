package io.gaara.bootstrap;

import io.gaara.adapters.secrets.aws.AwsSecretsClients;
import io.gaara.adapters.secrets.aws.AwsSecretsManagerAdministration;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretAdministration;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@code java -jar gaara.jar secrets check|init|rotate}: what an operator needs around the secrets
 * backend. Prints names, versions and verdicts, never a value. Exit 0 when all is well, 1 when a
 * check fails, 2 for a usage or configuration error.
 */
final class SecretsCommand {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** The secrets Gaara knows; {@code generatedBytes} > 0 means Gaara can make it (random), 0 means it is issued elsewhere. */
    enum Known {
        DATABASE_URL(true, 0, "postgresql://user:pass@host:5432/db or RDS rotation JSON; required unless GAARA_DATABASE_URL is set"),
        JWT_SECRET_KEY(true, 48, "HS256 key for access tokens"),
        JWT_REFRESH_SECRET_KEY(true, 48, "HS256 key for refresh tokens"),
        ENCRYPTION_KEY(false, 32, "key for personal data at rest (used by an upcoming release)"),
        SENDGRID_API_KEY(false, 0, "issued by SendGrid"),
        STRIPE_API_KEY(false, 0, "issued by Stripe"),
        OAUTH_CLIENT_SECRET(false, 0, "issued by the OAuth provider");

        final boolean required;
        final int generatedBytes;
        final String description;

        Known(boolean required, int generatedBytes, String description) {
            this.required = required;
            this.generatedBytes = generatedBytes;
            this.description = description;
        }
    }

    private SecretsCommand() {
    }

    static int run(String[] args, Path workingDirectory, Map<String, String> processEnvironment, PrintStream out) {
        if (args.length < 2) {
            return usage(out);
        }
        try {
            Map<String, String> config = ConfigSource.load(workingDirectory, processEnvironment);
            Settings settings = Settings.from(config);
            try (SecretBackends backends = SecretBackends.open(settings, config, processEnvironment, workingDirectory)) {
                return switch (args[1]) {
                    case "check" -> check(backends.store(), config, out);
                    case "init" -> init(args, backends, config, out);
                    case "rotate" -> rotate(args, backends, out);
                    default -> usage(out);
                };
            }
        } catch (ConfigurationException e) {
            out.println("error: " + e.getMessage());
            return USAGE;
        } catch (RuntimeException e) {
            // class name only: an SDK message is not ours to vouch for
            out.println("error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + safe(e.getMessage())));
            return FAILED;
        }
    }

    private static int usage(PrintStream out) {
        out.println("usage: java -jar gaara.jar secrets check");
        out.println("       java -jar gaara.jar secrets init --kms-key-id <key id or ARN>");
        out.println("       java -jar gaara.jar secrets rotate <" + Arrays.stream(Known.values()).filter(k -> k.generatedBytes > 0)
                .map(Enum::name).collect(Collectors.joining("|")) + ">");
        return USAGE;
    }

    static int check(SecretStore store, Map<String, String> config, PrintStream out) {
        out.println("backend: " + store.backendName());
        boolean ok = true;
        for (Known known : Known.values()) {
            // the database secret is needed only where nothing else provides one: production without GAARA_DATABASE_URL
            boolean required = known.required && !(known == Known.DATABASE_URL && (hasText(config.get("GAARA_DATABASE_URL"))
                    || Environment.parse(config.get("ENVIRONMENT")) != Environment.PRODUCTION));
            List<Secret> versions = store.readAccepted(known.name());
            String verdict;
            if (versions.isEmpty()) {
                verdict = required ? "MISSING (required)" : "absent (optional)";
                ok &= !required;
            } else if (SigningSecrets.isPlaceholder(versions.get(0).value())) {
                verdict = "PLACEHOLDER from .env.example";
                ok &= !required;
            } else if (known.generatedBytes > 0 && known != Known.ENCRYPTION_KEY
                    && versions.get(0).value().getBytes(StandardCharsets.UTF_8).length < SigningSecrets.MIN_BYTES) {
                verdict = "TOO SHORT (under " + SigningSecrets.MIN_BYTES + " bytes)";
                ok = false;
            } else {
                verdict = "present, version " + versions.get(0).versionId()
                        + (versions.size() > 1 ? " (previous " + versions.get(1).versionId() + " still accepted)" : "");
            }
            out.printf("  %-24s %s%n", known.name(), verdict);
        }
        out.println(ok ? "all required secrets are present" : "some required secrets are missing or unusable");
        return ok ? OK : FAILED;
    }

    private static int init(String[] args, SecretBackends backends, Map<String, String> config, PrintStream out) {
        String kmsKeyId = option(args, "--kms-key-id").orElse(null);
        SecretAdministration admin = backends.administration(kmsKeyId);
        if (admin instanceof AwsSecretsManagerAdministration aws) {
            if (kmsKeyId == null) {
                out.println("error: --kms-key-id is required: every secret is encrypted under your own KMS key");
                return USAGE;
            }
            try (KmsClient kms = AwsSecretsClients.kms()) {
                out.println("KMS key: " + aws.verifyKmsKey(kms));
            }
        }
        SecretStore store = backends.store();
        for (Known known : Known.values()) {
            if (known.generatedBytes == 0) {
                boolean present = !store.readAccepted(known.name()).isEmpty();
                out.printf("  %-24s %s%n", known.name(), present ? "present" : "not created: " + known.description + "; set it yourself");
                continue;
            }
            boolean created = admin.createIfAbsent(known.name(), random(known.generatedBytes));
            out.printf("  %-24s %s%n", known.name(), created ? "created" : "exists, left as it is");
        }
        // the generated secrets are in place; what is still missing is issued elsewhere, and `check` says so
        check(store, config, out);
        return OK;
    }

    private static int rotate(String[] args, SecretBackends backends, PrintStream out) {
        if (args.length < 3) {
            return usage(out);
        }
        Known known;
        try {
            known = Known.valueOf(args[2]);
        } catch (IllegalArgumentException e) {
            out.println("error: unknown secret " + args[2]);
            return usage(out);
        }
        if (known.generatedBytes == 0) {
            out.println("error: " + known.name() + " is " + known.description + "; rotate it where it is issued "
                    + (known == Known.DATABASE_URL ? "(e.g. the RDS rotation function): Gaara follows pending and previous versions" : ""));
            return USAGE;
        }
        SecretAdministration admin = backends.administration(null);
        SecretStore store = backends.store();
        String before = store.read(known.name()).map(Secret::versionId)
                .orElseThrow(() -> new ConfigurationException(known.name() + " does not exist yet; run `secrets init` first"));
        String value = random(known.generatedBytes);
        String pending = admin.stagePending(known.name(), value);
        // read back what the backend holds before making it current: a write that did not land must not become live
        Optional<Secret> staged = store.readStage(known.name(), SecretStage.PENDING)
                .or(() -> store.read(known.name()).filter(s -> s.versionId().equals(pending)));
        if (staged.isEmpty() || !staged.get().versionId().equals(pending) || !staged.get().value().equals(value)) {
            out.println("error: the pending version " + pending + " does not read back as written; current version left as it was");
            return FAILED;
        }
        admin.promotePending(known.name(), pending);
        String after = store.read(known.name()).map(Secret::versionId).orElse("none");
        if (!after.equals(pending)) {
            out.println("error: version " + pending + " was not promoted (current is " + after + ")");
            return FAILED;
        }
        out.println("rotated " + known.name() + ": version " + before + " -> " + after
                + "; the previous version stays accepted, so nobody is logged out");
        return OK;
    }

    private static Optional<String> option(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Optional.of(args[i + 1]);
            }
        }
        return Optional.empty();
    }

    static String random(int bytes) {
        byte[] material = new byte[bytes];
        new SecureRandom().nextBytes(material);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(material);
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }

    private static String safe(String message) {
        return message.length() > 200 ? message.substring(0, 200) : message;
    }
}
