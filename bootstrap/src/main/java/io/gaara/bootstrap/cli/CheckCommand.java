package io.gaara.bootstrap.cli;

import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.bootstrap.config.Environment;
import io.gaara.bootstrap.config.SecretRules;
import io.gaara.bootstrap.config.SecretRules.Known;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code secrets check}: each secret Gaara reads, present or missing, usable or not, and its version. */
final class CheckCommand {
    private final SecretStore store;
    private final Map<String, String> config;
    private final PrintStream out;

    CheckCommand(SecretStore store, Map<String, String> config, PrintStream out) {
        this.store = store;
        this.config = config;
        this.out = out;
    }

    int run() {
        out.println("backend: " + store.backendName());
        boolean ok = true;
        for (Known known : Known.values()) {
            boolean required = required(known);
            List<Secret> versions = store.readAccepted(known.name());
            String verdict;
            if (versions.isEmpty()) {
                verdict = required ? "MISSING (required)" : "absent (optional)";
                ok &= !required;
            } else if (SecretRules.isPlaceholder(versions.get(0).value())) {
                verdict = "PLACEHOLDER from .env.example";
                ok &= !required;
            } else if (known.isSigningKey()
                    && SecretRules.isTooShortForKey(versions.get(0).value())) {
                verdict = "TOO SHORT (under " + SecretRules.MIN_KEY_BYTES + " bytes)";
                ok = false;
            } else {
                verdict = "present, version " + versions.get(0).versionId()
                        + (known.isSigningKey() && versions.get(0).versionIdIsLocal()
                                // the kid tokens carry, the same on every instance (SecretKeyRing)
                                ? ", kid "
                                        + Secret.contentVersionId(
                                                versions.get(0).value())
                                : "")
                        + (versions.size() > 1 ? " (previous " + versions.get(1).versionId() + " still accepted)" : "");
            }
            out.printf("  %-24s %s%n", known.name(), verdict);
        }
        out.println(ok ? "all required secrets are present" : "some required secrets are missing or unusable");
        return ok ? SecretsCommand.OK : SecretsCommand.FAILED;
    }

    /** The database secret is needed only where nothing else provides one: production without GAARA_DATABASE_URL. */
    private boolean required(Known known) {
        if (known != Known.DATABASE_URL) {
            return known.required;
        }
        String url = config.get("GAARA_DATABASE_URL");
        boolean configured = url != null && !url.isBlank();
        return known.required && !configured && Environment.parse(config.get("ENVIRONMENT")) == Environment.PRODUCTION;
    }
}
