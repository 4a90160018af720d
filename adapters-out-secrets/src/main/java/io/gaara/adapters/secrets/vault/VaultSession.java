package io.gaara.adapters.secrets.vault;

import com.fasterxml.jackson.databind.JsonNode;
import io.gaara.adapters.secrets.vault.VaultCallException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.vault.authentication.SessionManager;
import org.springframework.vault.support.VaultToken;

/**
 * Gaara's Vault token, kept valid for as long as the server runs: obtained on first use, renewed or replaced ahead of
 * its expiry, replaced at once when Vault says it is dead, and never given up on while Vault is sealed or away.
 *
 * <p>The rules, each one a failure that spring-vault's session manager has (issue 15):
 *
 * <ul>
 *   <li><b>Obtaining is all or nothing.</b> A given token ({@code VAULT_TOKEN}) is looked up to learn its TTL; when the
 *       look-up fails, so does obtaining it, and the next read or maintenance tries again. (spring-vault keeps the
 *       token without a TTL and never renews it.)
 *   <li><b>Refresh at two thirds of the TTL.</b> A renewable token is renewed then. A token that cannot be renewed (a
 *       batch token, a non-renewable service token) or whose renewal came back shorter than its first TTL (its max TTL
 *       is near) is replaced by logging in again, while the old one still works.
 *   <li><b>A dead token is replaced at once.</b> When a read is refused, Vault 1.17 and later say "invalid token" for a
 *       revoked, expired or unknown token; older versions say only "permission denied", as for a policy denial, so the
 *       token then looks itself up: refused too, it is dead. A dead token is dropped and a login made in the same call,
 *       and the read is tried once more. A policy denial is not a reason to log in.
 *   <li><b>Failures retry with backoff</b> (1 s doubling to 30 s), and never past the token's expiry, at which the
 *       token is dropped and the next attempt is a login. A sealed Vault, a standby's redirect or no answer is retried;
 *       a refused login (a secret id past its TTL or uses) is retried as well, but logged as an error an operator must
 *       fix.
 * </ul>
 *
 * <p>Time comes from the {@link Clock} given, and the maintenance ({@link #maintain()}) runs on a scheduler of one
 * daemon thread, or, in tests, when the test calls it: a test can live through 30 days of renewals and logins on a
 * clock it moves by hand.
 */
final class VaultSession implements SessionManager, AutoCloseable {
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    /**
     * A refused login is tried again after 1 min, 2 min, 4 min, then every 16 min: never five failures within 15
     * minutes, which is what locks an AppRole role out (Vault's user lockout, on by default since 1.13: 5 failed
     * logins, then 15 minutes during which even the right secret id is refused).
     */
    static final Duration FIRST_REFUSED_RETRY = Duration.ofMinutes(1);

    static final Duration MAX_REFUSED_RETRY = Duration.ofMinutes(16);
    /** While a login stays refused, the credential file is looked at this often for a new secret id or JWT. */
    static final Duration CREDENTIALS_POLL = Duration.ofSeconds(10);
    /** A token that looked itself up fine after a 403 is not looked up again for this long. */
    static final Duration ALIVE_RECHECK = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(VaultSession.class);

    /** Where the session stands, for {@code /health/ready} and the logs. */
    enum State {
        /** Nothing obtained yet (the first read logs in). */
        STARTING("no-token-yet"),
        VALID("token-valid"),
        /** The token still works, but renewing or replacing it fails. */
        REFRESH_FAILING("refresh-failing"),
        /** No working token, and obtaining one fails. */
        LOGIN_FAILING("login-failing"),
        /** The given token is dead: an operator must give another. */
        TOKEN_INVALID("token-invalid"),
        CLOSED("closed");

        private final String code;

        State(String code) {
            this.code = code;
        }

        /** The word {@code /health/ready} shows. */
        String code() {
            return code;
        }
    }

    /**
     * What {@code /health/ready} and operators see: no token, no accessor.
     *
     * @param tokenExpires when the token held expires; null when none is held or it never expires
     * @param failingSince when the current run of failures began; null while healthy
     * @param lastError the last failure's message (Vault's error text, one line), null while healthy
     */
    record Status(State state, Instant tokenExpires, Instant failingSince, int failures, String lastError) {}

    /**
     * A token and what Vault said of it when it was obtained or last renewed.
     *
     * @param obtained when it was obtained or last renewed (its TTL counts from then)
     * @param ttl its time to live then; zero: it never expires
     * @param firstTtl its TTL when it was issued: a renewal that gives less means its max TTL is near
     * @param loggedIn obtained by a login (revoked on close), not given
     */
    record Grant(
            VaultToken token,
            Instant obtained,
            Duration ttl,
            Duration firstTtl,
            boolean renewable,
            boolean batch,
            boolean loggedIn) {

        Instant expires() {
            return ttl.isZero() ? null : obtained.plus(ttl);
        }

        boolean usable(Instant now) {
            return ttl.isZero() || now.isBefore(expires());
        }

        /** Two thirds into its TTL; null when it never expires. */
        Instant refreshAt() {
            return ttl.isZero() ? null : obtained.plus(ttl.multipliedBy(2).dividedBy(3));
        }

        /** The last renewal could not give the token its full TTL: its max TTL is near. */
        boolean capped() {
            return ttl.plusSeconds(1).compareTo(firstTtl) < 0;
        }

        /** The {@code auth} block of a login's answer. */
        static Grant fromLogin(VaultHttp.Answer answer, String what, Instant now) {
            if (!answer.ok()) {
                throw answer.failure(what);
            }
            JsonNode auth = answer.body() == null ? null : answer.body().get("auth");
            String token = auth == null ? "" : auth.path("client_token").asText("");
            if (token.isEmpty()) {
                throw new VaultCallException(Kind.TRANSIENT, "vault: " + what + ": an answer without a token");
            }
            Duration ttl =
                    Duration.ofSeconds(Math.max(0, auth.path("lease_duration").asLong(0)));
            boolean batch = "batch".equals(auth.path("token_type").asText(""));
            return new Grant(
                    VaultToken.of(token), now, ttl, ttl, auth.path("renewable").asBoolean(false), batch, true);
        }

        @Override
        public String toString() {
            return "Grant[token=redacted, obtained=" + obtained + ", ttl=" + ttl + ", renewable=" + renewable
                    + ", batch=" + batch + "]";
        }
    }

    private final VaultLogin login;
    private final VaultHttp http;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    private volatile Grant current;

    private volatile State state = State.STARTING;
    private Instant nextDue;
    private ScheduledFuture<?> pending;
    private Instant lastAttempt;
    /** After a refused login: the earliest next attempt, and the credentials it was refused with. */
    private Instant retryAt;

    private Object refusedCredentials;
    /** Attempts to obtain or renew a token so far. */
    private volatile long attempts;

    private VaultCallException lastFailure;
    private Instant failingSince;
    private int failures;
    private VaultToken aliveChecked;
    private Instant aliveCheckedAt;
    private boolean closed;

    /**
     * @param scheduler runs {@link #maintain()} when due; null when the caller runs it (tests on a hand-moved clock)
     */
    VaultSession(VaultLogin login, VaultHttp http, Clock clock, ScheduledExecutorService scheduler) {
        this.login = Objects.requireNonNull(login, "login");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = scheduler;
    }

    /** spring-vault's entry point (the secrets commands' writes): the token, or {@link VaultCallException}. */
    @Override
    public VaultToken getSessionToken() {
        return grant().token();
    }

    /**
     * A usable token, obtained now if none is held. Reads that arrive together while none is held share one attempt:
     * those that waited for another's failed attempt get its failure rather than making their own.
     */
    Grant grant() {
        Grant held = current;
        if (held != null && held.usable(clock.instant())) {
            return held;
        }
        long attemptsBefore = attempts;
        synchronized (this) {
            Instant now = clock.instant();
            held = current;
            if (held != null && held.usable(now)) {
                return held;
            }
            if (closed) {
                throw new VaultCallException(Kind.REFUSED, "vault: the connection is closed");
            }
            if (lastFailure != null && (attempts != attemptsBefore || loginRefusedUntilLater(now))) {
                throw lastFailure;
            }
            if (held != null) {
                dropExpired(held, now);
            }
            obtain(now);
            return current;
        }
    }

    /**
     * A read made with {@code used} was refused with a 403 saying {@code errors}. Decides whether the token is dead
     * (then replaces it) or a policy said no.
     *
     * @return true when the read should be tried again: the token is not the one refused any more
     */
    boolean refused(Grant used, String errors) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            Grant held = current;
            if (held == null) {
                return false;
            }
            if (!held.token().equals(used.token())) {
                return true;
            }
            Instant now = clock.instant();
            boolean dead = VaultErrors.saysInvalidToken(errors);
            if (!dead) {
                if (held.token().equals(aliveChecked)
                        && aliveCheckedAt != null
                        && now.isBefore(aliveCheckedAt.plus(ALIVE_RECHECK))) {
                    return false;
                }
                VaultHttp.Answer lookup;
                try {
                    lookup = http.get("auth/token/lookup-self", held.token(), "look up the token after a 403");
                } catch (VaultCallException e) {
                    return false;
                }
                if (lookup.ok()) {
                    aliveChecked = held.token();
                    aliveCheckedAt = now;
                    return false;
                }
                dead = lookup.status() == 403;
            }
            if (!dead) {
                return false;
            }
            log.warn(
                    "secrets: vault refused the {} token ({}): it was revoked or has expired; {}",
                    login.method(),
                    VaultErrors.oneLine(errors),
                    login.canLogIn() ? "logging in again" : "give Gaara a new " + VaultSettings.VAULT_TOKEN);
            forget();
            if (!login.canLogIn()) {
                failed(
                        new VaultCallException(
                                Kind.INVALID_TOKEN,
                                "vault: " + VaultSettings.VAULT_TOKEN
                                        + " is no longer valid (revoked or expired); give Gaara " + "a new token"),
                        now);
                return false;
            }
            try {
                obtain(now);
                return true;
            } catch (VaultCallException e) {
                return false;
            }
        }
    }

    /**
     * Does what is due at the clock's instant: obtains a token if none is held, renews it or logs in again at its
     * refresh point, retries after a failure. Never throws.
     *
     * @return when it is next due; null when nothing will be due (a token that never expires, or closed)
     */
    synchronized Instant maintain() {
        if (closed) {
            return null;
        }
        Instant now = clock.instant();
        if (loginRefusedUntilLater(now)) {
            Grant held = current;
            if (held != null && !held.usable(now)) {
                dropExpired(held, now);
                state = login.canLogIn() ? State.LOGIN_FAILING : State.TOKEN_INVALID;
            }
            Instant wake = login.credentials() == null ? retryAt : now.plus(CREDENTIALS_POLL);
            if (retryAt.isBefore(wake)) {
                wake = retryAt;
            }
            held = current;
            if (held != null && held.expires() != null && held.expires().isBefore(wake)) {
                wake = held.expires();
            }
            schedule(wake);
            return nextDue;
        }
        Grant held = current;
        try {
            if (held == null || !held.usable(now)) {
                if (held != null) {
                    dropExpired(held, now);
                }
                obtain(now);
            } else if (login.canLogIn() && (!held.renewable() || held.capped())) {
                replace(held, now);
            } else if (held.renewable()) {
                renew(held, now);
            } else {
                schedule(held.expires());
            }
        } catch (VaultCallException e) {
            // recorded and scheduled by failed()
        } catch (RuntimeException e) {
            failed(
                    new VaultCallException(
                            Kind.TRANSIENT,
                            "vault: token maintenance: " + e.getClass().getName()),
                    now);
        }
        return nextDue;
    }

    /** When {@link #maintain()} is next due; null when nothing is. */
    synchronized Instant nextDue() {
        return nextDue;
    }

    Status status() {
        Grant held = current;
        synchronized (this) {
            return new Status(
                    state,
                    held == null ? null : held.expires(),
                    failingSince,
                    failures,
                    lastFailure == null ? null : lastFailure.getMessage());
        }
    }

    String method() {
        return login.method();
    }

    /** Stops maintenance and revokes a token Gaara logged in for (best effort); a given token is left alone. */
    @Override
    public void close() {
        Grant held;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            state = State.CLOSED;
            if (pending != null) {
                pending.cancel(false);
            }
            held = current;
            current = null;
        }
        if (held != null && held.loggedIn() && !held.batch() && held.usable(clock.instant())) {
            try {
                VaultHttp.Answer answer = http.post("auth/token/revoke-self", held.token(), Map.of(), "revoke");
                if (!answer.ok()) {
                    log.warn("secrets: could not revoke the vault token on close (HTTP {})", answer.status());
                }
            } catch (VaultCallException e) {
                log.warn("secrets: could not revoke the vault token on close: {}", e.getMessage());
            }
        }
    }

    // ---- the steps, all under the lock ----

    /** Logs in (or looks the given token up) and takes the token; a failure is recorded and thrown. */
    private Grant loginNow(Instant now) {
        lastAttempt = now;
        attempts++;
        Grant obtained;
        try {
            obtained = login.obtain(http, now);
        } catch (VaultCallException e) {
            failed(e, now);
            throw e;
        }
        take(obtained, now);
        return obtained;
    }

    private void obtain(Instant now) {
        Grant obtained = loginNow(now);
        if (obtained.ttl().isZero()) {
            log.info("secrets: vault {} token obtained; it never expires", login.method());
        } else if (!login.canLogIn() && !obtained.renewable()) {
            log.warn(
                    "secrets: {} is not renewable and expires at {}: give Gaara a renewable or periodic token, or use "
                            + "AppRole or Kubernetes auth, before then",
                    VaultSettings.VAULT_TOKEN,
                    obtained.expires());
        } else {
            log.info(
                    "secrets: vault {} token obtained ({}, ttl {}, {}); next refresh at {}",
                    login.method(),
                    obtained.batch() ? "batch" : "service",
                    obtained.ttl(),
                    obtained.renewable() ? "renewable" : "not renewable",
                    obtained.refreshAt());
        }
    }

    private void replace(Grant held, Instant now) {
        loginNow(now);
        log.info(
                "secrets: vault {} token replaced by a new login ({}; the old one expires at {})",
                login.method(),
                held.renewable() ? "its max TTL is near" : "it cannot be renewed",
                held.expires());
    }

    private void renew(Grant held, Instant now) {
        lastAttempt = now;
        attempts++;
        VaultHttp.Answer answer = http(() -> http.post("auth/token/renew-self", held.token(), Map.of(), "renew"), now);
        if (!answer.ok()) {
            VaultCallException failure = answer.failure("renew the " + login.method() + " token");
            if (answer.status() == 403) {
                // Vault refuses renew-self only to a token that is no longer valid: the default policy grants it
                log.warn(
                        "secrets: vault refused to renew the {} token ({}); {}",
                        login.method(),
                        answer.errors(),
                        login.canLogIn() ? "logging in again" : "it is no longer valid");
                forget();
                if (login.canLogIn()) {
                    obtain(now);
                    return;
                }
                failed(
                        new VaultCallException(
                                Kind.INVALID_TOKEN,
                                failure.getMessage() + ": " + VaultSettings.VAULT_TOKEN
                                        + " is no longer valid; give Gaara a " + "new token"),
                        now);
                return;
            }
            if (answer.status() == 400) {
                // "lease is not renewable", a batch token: stop renewing it; log in again at its refresh point
                log.warn("secrets: vault will not renew the {} token ({})", login.method(), answer.errors());
                Grant unrenewable = new Grant(
                        held.token(),
                        held.obtained(),
                        held.ttl(),
                        held.firstTtl(),
                        false,
                        held.batch(),
                        held.loggedIn());
                current = unrenewable;
                succeeded();
                schedule(login.canLogIn() ? now : unrenewable.expires());
                return;
            }
            failed(failure, now);
            return;
        }
        JsonNode auth = answer.body() == null ? null : answer.body().get("auth");
        Duration ttl = Duration.ofSeconds(
                Math.max(0, auth == null ? 0 : auth.path("lease_duration").asLong(0)));
        Grant renewed = new Grant(
                held.token(),
                now,
                ttl,
                held.firstTtl(),
                auth != null && auth.path("renewable").asBoolean(false),
                held.batch(),
                held.loggedIn());
        current = renewed;
        succeeded();
        if (renewed.capped()) {
            log.info(
                    "secrets: vault renewed the {} token for {} only (its max TTL); {}",
                    login.method(),
                    ttl,
                    login.canLogIn()
                            ? "logging in again at " + renewed.refreshAt()
                            : VaultSettings.VAULT_TOKEN + " expires at " + renewed.expires() + ": give Gaara a new "
                                    + "token before then");
        }
        schedule(renewed.refreshAt());
    }

    private VaultHttp.Answer http(Supplier<VaultHttp.Answer> call, Instant now) {
        try {
            return call.get();
        } catch (VaultCallException e) {
            failed(e, now);
            throw e;
        }
    }

    private void take(Grant obtained, Instant now) {
        current = obtained;
        succeeded();
        schedule(obtained.refreshAt());
    }

    private void forget() {
        current = null;
    }

    private void dropExpired(Grant held, Instant now) {
        log.error(
                "secrets: the vault {} token expired at {}; reads fail until {} (the cache serves the last values)",
                login.method(),
                held.expires(),
                login.canLogIn() ? "a login succeeds" : "Gaara is given a new " + VaultSettings.VAULT_TOKEN);
        forget();
        if (!login.canLogIn()) {
            state = State.TOKEN_INVALID;
        }
    }

    private void succeeded() {
        if (failures > 0) {
            log.info(
                    "secrets: vault {} token is good again after {} failed attempt(s) since {}",
                    login.method(),
                    failures,
                    failingSince);
        }
        failures = 0;
        failingSince = null;
        lastFailure = null;
        retryAt = null;
        refusedCredentials = null;
        state = State.VALID;
    }

    private void failed(VaultCallException failure, Instant now) {
        failures++;
        if (failingSince == null) {
            failingSince = now;
        }
        boolean changed = lastFailure == null || !lastFailure.getMessage().equals(failure.getMessage());
        lastFailure = failure;
        Grant held = current;
        boolean working = held != null && held.usable(now);
        if (failure.kind() == Kind.INVALID_TOKEN && !login.canLogIn()) {
            state = State.TOKEN_INVALID;
        } else {
            state = working ? State.REFRESH_FAILING : State.LOGIN_FAILING;
        }
        boolean loginRefused = failure.kind() == Kind.REFUSED && login.canLogIn();
        Duration first = loginRefused ? FIRST_REFUSED_RETRY : FIRST_RETRY;
        Duration cap = loginRefused ? MAX_REFUSED_RETRY : MAX_RETRY;
        Duration backoff = first.multipliedBy(1L << Math.min(failures - 1, 10));
        if (backoff.compareTo(cap) > 0) {
            backoff = cap;
        }
        Instant retry = now.plus(backoff);
        if (loginRefused) {
            retryAt = retry;
            refusedCredentials = login.credentials();
            if (refusedCredentials != null) {
                schedule(now.plus(CREDENTIALS_POLL).isBefore(retry) ? now.plus(CREDENTIALS_POLL) : retry);
            } else {
                schedule(retry);
            }
        } else {
            retryAt = null;
            if (working && held.expires() != null && held.expires().isBefore(retry)) {
                retry = held.expires();
            }
            schedule(retry);
        }
        // the first failure, a new kind of failure, then every power of two: a long outage is not a log flood
        if (changed || Integer.bitCount(failures) == 1) {
            String message = "secrets: vault {} token: {} (failure {} since {}; {}; next attempt at {})";
            Object[] args = {
                login.method(),
                failure.getMessage(),
                failures,
                failingSince,
                working ? "the token still works until " + held.expires() : "no working token",
                retry
            };
            if (failure.kind() == Kind.TRANSIENT && working) {
                log.warn(message, args);
            } else {
                log.error(message, args);
            }
        }
    }

    /** A login was refused, its backoff has not run out, and the credentials it would present are the same. */
    private boolean loginRefusedUntilLater(Instant now) {
        return retryAt != null
                && lastFailure != null
                && now.isBefore(retryAt)
                && Objects.equals(refusedCredentials, login.credentials());
    }

    private void schedule(Instant due) {
        nextDue = due;
        if (scheduler == null || closed) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        if (due == null) {
            return;
        }
        long delayNanos = Math.max(0, Duration.between(clock.instant(), due).toNanos());
        pending = scheduler.schedule(this::runScheduled, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void runScheduled() {
        maintain();
    }
}
