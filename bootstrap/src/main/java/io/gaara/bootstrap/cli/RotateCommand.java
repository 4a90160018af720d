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
 *
 * <p>Before promoting, the backend's current version is read again: when it moved since staging (someone edited the
 * secret, in one-JSON-secret mode perhaps another name in it), promoting the staged copy would silently undo that edit,
 * so the rotation stops and the staged version is taken out of the pending stage. On Vault, where KV v2 has no stages,
 * a written version is live at once and the messages say so.
 */
final class RotateCommand {
    private final SecretBackends backends;
    private final PrintStream out;
    private final Runnable beforePromote;

    RotateCommand(SecretBackends backends, PrintStream out) {
        this(backends, out, () -> {});
    }

    /** @param beforePromote runs between staging and the re-check that precedes promotion (tests edit the secret) */
    RotateCommand(SecretBackends backends, PrintStream out, Runnable beforePromote) {
        this.backends = backends;
        this.out = out;
        this.beforePromote = beforePromote;
    }

    int run(String name) {
        Known known = SecretsCommand.known(name);
        if (known.generatedBytes == 0) {
            out.println("error: " + known.name() + " is " + known.description + "; rotate it where it is issued "
                    + (known == Known.DATABASE_URL
                            ? "(e.g. the RDS rotation function): Gaara follows pending and previous versions"
                            : ""));
            return SecretsCommand.USAGE;
        }
        SecretAdministration admin = backends.administration(null);
        SecretStore store = backends.store();
        boolean liveOnWrite = !admin.stagesBeforeLive();
        String before = store.read(known.name())
                .map(Secret::versionId)
                .orElseThrow(() ->
                        new ConfigurationException(known.name() + " does not exist yet; run `secrets init` first"));
        String revision = admin.currentRevision(known.name());
        String value = SecretRules.random(known.generatedBytes);
        String pending = admin.stagePending(known.name(), value);
        // read back what the backend holds before making it current: a write that did not land must not become live
        Optional<Secret> staged = store.readStage(known.name(), SecretStage.PENDING)
                .or(() -> store.read(known.name()).filter(s -> s.versionId().equals(pending)));
        if (staged.isEmpty()
                || !staged.get().versionId().equals(pending)
                || !staged.get().value().equals(value)) {
            if (liveOnWrite) {
                out.println("error: version " + pending + " was written and is live already (" + admin.backendName()
                        + " has no pending stage), but it does not read back as written: check which version is "
                        + "current and run the rotation again");
            } else {
                admin.discardPending(known.name(), pending);
                out.println("error: the pending version " + pending
                        + " does not read back as written; it was taken out of the pending stage and the current "
                        + "version left as it was");
            }
            return SecretsCommand.FAILED;
        }
        beforePromote.run();
        if (liveOnWrite) {
            // nothing to promote: promotePending only checks that no later version was written meanwhile
            try {
                admin.promotePending(known.name(), pending);
            } catch (IllegalStateException e) {
                out.println("error: version " + pending + " of " + known.name() + " went live when it was written ("
                        + admin.backendName() + " has no pending stage), and a later version has been written since: "
                        + e.getMessage() + ". Nothing was undone; the later version is what servers read now");
                return SecretsCommand.FAILED;
            }
        } else {
            String now = admin.currentRevision(known.name());
            if (!now.equals(revision)) {
                admin.discardPending(known.name(), pending);
                out.println("error: " + known.name() + " changed in " + admin.backendName() + " while rotating "
                        + "(current version " + revision + " became " + now + ", an edit made since the rotation "
                        + "started); promoting would have undone that edit, so the rotation stopped: version "
                        + pending + " was taken out of the pending stage, the current version is the edited one. "
                        + "Run the rotation again");
                return SecretsCommand.FAILED;
            }
            admin.promotePending(known.name(), pending);
        }
        String after = store.read(known.name()).map(Secret::versionId).orElse("none");
        if (!after.equals(pending)) {
            out.println("error: version " + pending + " was not promoted (current is " + after + ")");
            return SecretsCommand.FAILED;
        }
        out.println("rotated " + known.name() + ": version " + before + " -> " + after
                + (liveOnWrite ? " (live since it was written: " + admin.backendName() + " has no pending stage)" : "")
                + "; the previous version stays accepted, so nobody is logged out");
        return SecretsCommand.OK;
    }
}
