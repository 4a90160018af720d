package io.gaara.bootstrap.cli;

import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretAdministration;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.bootstrap.config.SecretBackends;
import io.gaara.bootstrap.config.SecretRules.Known;
import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code secrets retire-previous NAME}: after a compromise, once {@code secrets rotate} has made a new version current,
 * withdraws the previous one, which would otherwise keep verifying tokens. Running servers stop accepting it when their
 * cache re-reads the secret. Prints which names lost their previous version (in one-JSON-secret mode, possibly
 * several).
 */
final class RetirePreviousCommand {
    private final SecretBackends backends;
    private final Duration cacheTtl;
    private final PrintStream out;

    RetirePreviousCommand(SecretBackends backends, Duration cacheTtl, PrintStream out) {
        this.backends = backends;
        this.cacheTtl = cacheTtl;
        this.out = out;
    }

    int run(String name) {
        Known known = SecretsCommand.known(name);
        if (!backends.keepsVersions()) {
            out.println("the " + backends.writerName() + " backend keeps no previous version: a server accepts the "
                    + "current value only, so nothing is left to retire. After replacing a compromised " + known.name()
                    + " in the environment or .env, restart every instance: the old value is accepted until then");
            return SecretsCommand.OK;
        }
        SecretAdministration admin = backends.administration(null);
        SecretStore store = backends.store();
        Map<Known, List<Secret>> before = accepted(store);
        Optional<String> retired = admin.retirePrevious(known.name());
        Map<Known, List<Secret>> after = accepted(store);
        if (retired.isEmpty()) {
            out.println(known.name() + " has no previous version in " + admin.backendName() + ": nothing to retire");
        } else {
            out.println("retired " + retired.get());
        }
        for (Known each : Known.values()) {
            List<Secret> was = before.get(each);
            List<Secret> is = after.get(each);
            if (was.size() > 1 && !is.contains(was.get(1))) {
                out.printf(
                        "  %-24s previous version %s no longer accepted%n",
                        each.name(), was.get(1).versionId());
            }
        }
        if (after.get(known).size() > 1) {
            out.println("error: " + known.name() + " still has a previous version "
                    + after.get(known).get(1).versionId() + " that servers accept");
            return SecretsCommand.FAILED;
        }
        if (retired.isPresent()) {
            out.println("running servers stop accepting it when their cache re-reads " + known.name() + ": within "
                    + words(cacheTtl.multipliedBy(9).dividedBy(10))
                    + " (90 % of GAARA_SECRETS_CACHE_TTL), or at once on a restart");
        }
        return SecretsCommand.OK;
    }

    private static String words(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 120 ? seconds / 60 + " min" : seconds + " s";
    }

    private static Map<Known, List<Secret>> accepted(SecretStore store) {
        Map<Known, List<Secret>> accepted = new EnumMap<>(Known.class);
        for (Known each : Known.values()) {
            accepted.put(each, store.readAccepted(each.name()));
        }
        return accepted;
    }
}
