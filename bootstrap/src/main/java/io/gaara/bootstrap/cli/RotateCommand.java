package io.gaara.bootstrap.cli;

import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretAdministration;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.bootstrap.config.ConfigurationException;
import io.gaara.bootstrap.config.SecretBackends;
import io.gaara.bootstrap.config.SecretRules;
import io.gaara.bootstrap.config.SecretRules.Known;
import java.io.PrintStream;
import java.util.Optional;

/**
 * {@code secrets rotate NAME}: a new random version is staged, read back, then made current; the previous one keeps
 * verifying, so nobody is logged out.
 */
final class RotateCommand {
    private final SecretBackends backends;
    private final PrintStream out;

    RotateCommand(SecretBackends backends, PrintStream out) {
        this.backends = backends;
        this.out = out;
    }

    int run(String name) {
        Known known;
        try {
            known = Known.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new SecretsCommand.UsageException("unknown secret " + name);
        }
        if (known.generatedBytes == 0) {
            out.println("error: " + known.name() + " is " + known.description + "; rotate it where it is issued "
                    + (known == Known.DATABASE_URL
                            ? "(e.g. the RDS rotation function): Gaara follows pending and previous versions"
                            : ""));
            return SecretsCommand.USAGE;
        }
        SecretAdministration admin = backends.administration(null);
        SecretStore store = backends.store();
        String before = store.read(known.name())
                .map(Secret::versionId)
                .orElseThrow(() ->
                        new ConfigurationException(known.name() + " does not exist yet; run `secrets init` first"));
        String value = SecretRules.random(known.generatedBytes);
        String pending = admin.stagePending(known.name(), value);
        // read back what the backend holds before making it current: a write that did not land must not become live
        Optional<Secret> staged = store.readStage(known.name(), SecretStage.PENDING)
                .or(() -> store.read(known.name()).filter(s -> s.versionId().equals(pending)));
        if (staged.isEmpty()
                || !staged.get().versionId().equals(pending)
                || !staged.get().value().equals(value)) {
            out.println("error: the pending version " + pending
                    + " does not read back as written; current version left as it was");
            return SecretsCommand.FAILED;
        }
        admin.promotePending(known.name(), pending);
        String after = store.read(known.name()).map(Secret::versionId).orElse("none");
        if (!after.equals(pending)) {
            out.println("error: version " + pending + " was not promoted (current is " + after + ")");
            return SecretsCommand.FAILED;
        }
        out.println("rotated " + known.name() + ": version " + before + " -> " + after
                + "; the previous version stays accepted, so nobody is logged out");
        return SecretsCommand.OK;
    }
}
