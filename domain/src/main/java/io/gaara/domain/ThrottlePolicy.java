package io.gaara.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How password guessing and registration floods are slowed down (ASVS 6.3.1). Every wait is bounded and every counter
 * is forgotten after a quiet period: there is no permanent lockout, so an attacker can never lock a victim out of their
 * own account for long (see docs/SECURITY.md for the defaults next to Keycloak's).
 */
public record ThrottlePolicy(LoginLimits login, RegisterLimit register) {
    public static final ThrottlePolicy DEFAULT = new ThrottlePolicy(LoginLimits.DEFAULT, RegisterLimit.DEFAULT);
    /** Nothing counted, nothing refused: for measuring what throttling costs, never for production. */
    public static final ThrottlePolicy OFF = new ThrottlePolicy(
            new LoginLimits(
                    false,
                    LoginLimits.DEFAULT.accountFromIp(),
                    LoginLimits.DEFAULT.account(),
                    LoginLimits.DEFAULT.ip(),
                    LoginLimits.DEFAULT.forgetAfter()),
            new RegisterLimit(false, RegisterLimit.DEFAULT.perWindow(), RegisterLimit.DEFAULT.window()));

    public ThrottlePolicy {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(register, "register");
    }

    /**
     * Failures counted under one key: the first {@code freeFailures} cost nothing; each one after them blocks the key
     * for a wait that starts at {@code firstWait} and doubles per failure up to {@code maxWait}. Times are kept to the
     * microsecond, as PostgreSQL keeps them.
     */
    public record Backoff(int freeFailures, Duration firstWait, Duration maxWait) {
        public static final int MAX_FREE_FAILURES = 1_000_000;
        /**
         * Longest wait any setting may impose: past it a "temporary" block is a lockout in all but name. (Here, not in
         * the outer record: the outer record's constants are built from these records, and a reference back would make
         * class initialization order matter.)
         */
        public static final Duration MAX_WAIT = Duration.ofDays(1);

        public Backoff {
            Objects.requireNonNull(firstWait, "firstWait");
            Objects.requireNonNull(maxWait, "maxWait");
            if (freeFailures < 0 || freeFailures > MAX_FREE_FAILURES) {
                throw new InvalidValueException("free failures must be between 0 and " + MAX_FREE_FAILURES);
            }
            if (firstWait.compareTo(Duration.ofMillis(1)) < 0) {
                throw new InvalidValueException("the first wait must be at least 1 ms");
            }
            if (maxWait.compareTo(firstWait) < 0 || maxWait.compareTo(MAX_WAIT) > 0) {
                throw new InvalidValueException(
                        "the longest wait must be between the first wait and " + MAX_WAIT.toHours() + " h");
            }
        }

        /** How long a key is blocked right after its {@code failures}-th failure: zero while failures are free. */
        public Duration waitAfter(long failures) {
            if (failures <= freeFailures) {
                return Duration.ZERO;
            }
            long firstMicros = micros(firstWait);
            long maxMicros = micros(maxWait);
            long doublings = Math.min(failures - freeFailures - 1, 62);
            // firstMicros << doublings keeps its sign only while the top bit stays below bit 63
            boolean overflows = doublings > Long.numberOfLeadingZeros(firstMicros) - 1;
            long wait = overflows ? maxMicros : Math.min(maxMicros, firstMicros << doublings);
            return Duration.ofNanos(wait * 1_000);
        }

        private static long micros(Duration d) {
            return d.toNanos() / 1_000;
        }
    }

    /**
     * Three scopes of failed logins, each its own counter: one source guessing one account ({@code accountFromIp}), one
     * account guessed from anywhere ({@code account}: keep its cap low, since it also holds back the account's owner),
     * and one source trying many accounts ({@code ip}: credential stuffing). A counter quiet for {@code forgetAfter}
     * starts again from zero.
     */
    public record LoginLimits(
            boolean enabled, Backoff accountFromIp, Backoff account, Backoff ip, Duration forgetAfter) {
        public static final LoginLimits DEFAULT = new LoginLimits(
                true,
                new Backoff(5, Duration.ofSeconds(1), Duration.ofMinutes(15)),
                new Backoff(20, Duration.ofSeconds(1), Duration.ofSeconds(60)),
                new Backoff(100, Duration.ofSeconds(1), Duration.ofMinutes(15)),
                Duration.ofHours(12));

        public LoginLimits {
            Objects.requireNonNull(accountFromIp, "accountFromIp");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(forgetAfter, "forgetAfter");
            Duration longest = accountFromIp.maxWait();
            longest = longest.compareTo(account.maxWait()) > 0 ? longest : account.maxWait();
            longest = longest.compareTo(ip.maxWait()) > 0 ? longest : ip.maxWait();
            // a counter forgotten while it still blocks would end the block early, and silently
            if (forgetAfter.compareTo(longest) < 0 || forgetAfter.compareTo(Duration.ofDays(7)) > 0) {
                throw new InvalidValueException("failures must be forgotten after between the longest wait ("
                        + longest.toSeconds() + " s) and 7 days");
            }
        }
    }

    /**
     * At most {@code perWindow} registrations from one source in a window that opens with its first registration; past
     * that, refused until the window ends.
     */
    public record RegisterLimit(boolean enabled, int perWindow, Duration window) {
        public static final RegisterLimit DEFAULT = new RegisterLimit(true, 10, Duration.ofHours(1));

        public RegisterLimit {
            Objects.requireNonNull(window, "window");
            if (perWindow < 1 || perWindow > 1_000_000) {
                throw new InvalidValueException("registrations per window must be between 1 and 1000000");
            }
            if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Backoff.MAX_WAIT) > 0) {
                throw new InvalidValueException(
                        "the registration window must be between 1 s and " + Backoff.MAX_WAIT.toHours() + " h");
            }
        }
    }
}
