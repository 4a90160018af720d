package io.gaara.adapters.secrets.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks once at how long the KV engine keeps versions, for the mount ({@code <mount>/config}) and for each name read
 * ({@code <mount>/metadata/<path>}), and warns where that breaks Gaara's rotation:
 *
 * <ul>
 *   <li>{@code max_versions} of 1 keeps no previous version, so the moment a key is rotated every token signed with the
 *       previous one stops verifying: the "nobody is logged out by a rotation" promise is gone;
 *   <li>a {@code delete_version_after} deletes the current version on a schedule, after which the name reads as absent:
 *       the server would lose its key at a time nobody chose.
 * </ul>
 *
 * A policy that does not let Gaara read these paths leaves them unchecked, said once at INFO; nothing here ever fails a
 * read.
 */
final class VaultRetention {
    /** KV v2's {@code max_versions} when neither the mount nor the secret sets one. */
    static final int DEFAULT_MAX_VERSIONS = 10;

    private static final Logger log = LoggerFactory.getLogger(VaultRetention.class);
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    /** One GET with the session's token. */
    @FunctionalInterface
    interface Caller {
        VaultHttp.Answer call(String uri, String what);
    }

    /** A mount's or a secret's retention: {@code maxVersions} 0 and {@code deleteAfter} zero mean "not set". */
    record Retention(int maxVersions, Duration deleteAfter) {
        static final Retention UNSET = new Retention(0, Duration.ZERO);

        static Retention of(JsonNode data) {
            if (data == null || !data.isObject()) {
                return UNSET;
            }
            return new Retention(
                    Math.max(0, data.path("max_versions").asInt(0)),
                    goDuration(data.path("delete_version_after").asText("0s")));
        }
    }

    private final String mount;
    private final Caller caller;
    private final Set<String> checked = ConcurrentHashMap.newKeySet();
    private volatile Retention mountRetention;

    VaultRetention(String mount, Caller caller) {
        this.mount = Objects.requireNonNull(mount, "mount");
        this.caller = Objects.requireNonNull(caller, "caller");
    }

    /** Reads the mount's settings and warns about them. */
    void checkMount() {
        Retention retention = read(mount + "/config", "the engine's settings at " + mount + "/config");
        mountRetention = retention == null ? Retention.UNSET : retention;
        if (retention != null) {
            warn(mount + "/ (every secret without its own setting)", effective(retention, Retention.UNSET), null);
        }
    }

    /** Reads one secret's settings, the first time the name is read, and warns about what applies to it. */
    void check(String name, String path) {
        if (!checked.add(name)) {
            return;
        }
        Retention secret = read(mount + "/metadata/" + path, "the metadata of " + name);
        if (secret == null) {
            return;
        }
        Retention onMount = mountRetention == null ? Retention.UNSET : mountRetention;
        warn(mount + "/metadata/" + path, effective(onMount, secret), name);
    }

    /**
     * What the engine applies to a secret, as vault-plugin-secrets-kv computes it when a version is written
     * ({@code AddVersion}; hashicorp/vault#22394 "The greater number takes precedence"): the greater of the mount's and
     * the secret's {@code max_versions}, 10 when both are 0; the shorter of the two {@code delete_version_after} that
     * are set, none when the mount's is negative (disabled).
     */
    static Retention effective(Retention onMount, Retention secret) {
        int maxVersions = Math.max(onMount.maxVersions(), secret.maxVersions());
        if (maxVersions == 0) {
            maxVersions = DEFAULT_MAX_VERSIONS;
        }
        Duration deleteAfter;
        if (onMount.deleteAfter().isNegative()) {
            deleteAfter = Duration.ZERO;
        } else if (secret.deleteAfter().compareTo(Duration.ZERO) <= 0) {
            deleteAfter = onMount.deleteAfter();
        } else if (onMount.deleteAfter().isZero()) {
            deleteAfter = secret.deleteAfter();
        } else {
            deleteAfter = secret.deleteAfter().compareTo(onMount.deleteAfter()) < 0
                    ? secret.deleteAfter()
                    : onMount.deleteAfter();
        }
        return new Retention(maxVersions, deleteAfter);
    }

    private Retention read(String uri, String what) {
        VaultHttp.Answer answer;
        try {
            answer = caller.call(uri, "read " + what);
        } catch (RuntimeException e) {
            log.info("secrets: could not read {} to check version retention ({})", what, e.getMessage());
            return null;
        }
        if (answer.ok()) {
            return Retention.of(answer.body() == null ? null : answer.body().get("data"));
        }
        log.info(
                "secrets: could not read {} to check version retention (HTTP {}{}); grant read on {} to have it "
                        + "checked, or check max_versions and delete_version_after yourself "
                        + "(docs/SECRETS_SETUP_GUIDE.md)",
                what,
                answer.status(),
                answer.errors().isEmpty() ? "" : ", " + answer.errors(),
                uri);
        return null;
    }

    private static void warn(String where, Retention applied, String name) {
        String subject = name == null ? "a secret" : name;
        if (applied.maxVersions() == 1) {
            log.warn(
                    "secrets: vault keeps 1 version of {} ({}: max_versions 1): after a rotation the previous value is "
                            + "gone at once, so every token signed with the previous key stops verifying; set "
                            + "max_versions to 2 or more",
                    subject,
                    where);
        }
        if (applied.deleteAfter().compareTo(Duration.ZERO) > 0) {
            log.warn(
                    "secrets: vault deletes each version of {} {} after it is written ({}: delete_version_after): the "
                            + "current value disappears then and {} reads as absent; set delete_version_after to 0s",
                    subject,
                    applied.deleteAfter(),
                    where,
                    name == null ? "the secret" : name);
        }
    }

    /** A Go duration as Vault writes it: {@code 0s}, {@code 1h0m0s}, {@code 768h}, {@code 1.5s}, {@code -1s}. */
    static Duration goDuration(String text) {
        String trimmed = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (trimmed.isEmpty() || trimmed.equals("0")) {
            return Duration.ZERO;
        }
        boolean negative = trimmed.startsWith("-");
        if (negative) {
            trimmed = trimmed.substring(1);
        }
        Matcher part = GO_DURATION_PART.matcher(trimmed);
        double nanos = 0;
        int end = 0;
        while (part.find() && part.start() == end) {
            double amount = Double.parseDouble(part.group(1));
            nanos += amount
                    * switch (part.group(2)) {
                        case "ns" -> 1;
                        case "us", "µs" -> 1e3;
                        case "ms" -> 1e6;
                        case "s" -> 1e9;
                        case "m" -> 60e9;
                        default -> 3600e9;
                    };
            end = part.end();
        }
        if (end != trimmed.length()) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(negative ? -(long) nanos : (long) nanos);
    }
}
