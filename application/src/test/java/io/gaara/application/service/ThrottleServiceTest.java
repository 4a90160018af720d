package io.gaara.application.service;

import static io.gaara.application.service.World.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gaara.application.EmailAlreadyRegisteredException;
import io.gaara.application.InvalidCredentialsException;
import io.gaara.application.TooManyAttemptsException;
import io.gaara.application.port.in.LoginCommand;
import io.gaara.application.port.in.RegisterCommand;
import io.gaara.application.port.in.TokenPair;
import io.gaara.application.port.out.persistence.AttemptCounter;
import io.gaara.domain.AuditEvent;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.Email;
import io.gaara.domain.Password;
import io.gaara.domain.ThrottlePolicy;
import io.gaara.domain.WeakPasswordException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Brute-force and registration throttling on the real services over the in-memory counters, with the default limits (5
 * free failures per account and source, 20 per account, 100 per source; 10 registrations an hour per source).
 */
class ThrottleServiceTest {
    private static final String ATTACKER = "198.51.100.66";
    private static final String OWNER = "203.0.113.7";

    private final World w = new World();

    @Test
    void givenFiveFailuresFromOneSource_whenTheSixthFails_thenTheNextTryIsRefusedForOneSecondWithoutHashing() {
        w.registered("ann@example.com");
        for (int i = 0; i < 6; i++) {
            assertThat(attempt("ann@example.com", "wrong guess " + i, ATTACKER))
                    .as("failure %d is answered as a failure", i + 1)
                    .isInstanceOf(InvalidCredentialsException.class);
        }
        int verifications = w.hasher.verifications.get();
        var storedBefore = w.attempts.stored();
        int readsBefore = w.attempts.reads();
        int writesBefore = w.attempts.writes();

        Throwable refused = attempt("ann@example.com", PASSWORD, ATTACKER);

        assertThat(refused)
                .as("even the right password waits: the throttle cannot know it is right without hashing")
                .isInstanceOf(TooManyAttemptsException.class);
        assertThat(((TooManyAttemptsException) refused).retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(w.hasher.verifications.get()).as("no hash spent").isEqualTo(verifications);
        assertThat(w.attempts.reads() - readsBefore).as("one read").isEqualTo(1);
        assertThat(w.attempts.writes() - writesBefore).as("no counter written").isZero();
        assertThat(w.attempts.stored()).isEqualTo(storedBefore);
        assertThat(w.audit.eventsOf(AuditEventType.LOGIN_THROTTLED))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.detail()).isEqualTo("account_ip");
                    assertThat(e.client().ip()).isEqualTo(ATTACKER);
                    assertThat(e.userId()).as("nobody looked up").isNull();
                });
    }

    @Test
    void givenABlockedSource_whenTheWaitIsOverAndItFailsAgain_thenTheWaitDoubles() {
        for (int i = 0; i < 6; i++) {
            attempt("ann@example.com", "wrong", ATTACKER);
        }
        w.clock.advance(Duration.ofSeconds(1));
        assertThat(attempt("ann@example.com", "wrong", ATTACKER)).isInstanceOf(InvalidCredentialsException.class);

        assertThat(throttled("ann@example.com", ATTACKER).retryAfter()).isEqualTo(Duration.ofSeconds(2));
        w.clock.advance(Duration.ofMillis(1_500));
        assertThat(throttled("ann@example.com", ATTACKER).retryAfter()).isEqualTo(Duration.ofMillis(500));
        assertThat(throttled("ann@example.com", ATTACKER).retryAfterSeconds())
                .as("Retry-After rounds up")
                .isEqualTo(1);
    }

    @Test
    void givenAnAttackerBlockedOnAnAccount_whenTheOwnerLogsInFromTheirOwnAddress_thenLetIn() {
        w.registered("ann@example.com");
        for (int i = 0; i < 10; i++) {
            attempt("ann@example.com", "wrong", ATTACKER);
        }
        assertThat(attempt("ann@example.com", "wrong", ATTACKER)).isInstanceOf(TooManyAttemptsException.class);

        assertThat(attempt("ann@example.com", PASSWORD, OWNER)).isNull();
    }

    @Test
    void givenGuessesFromEverywhere_whenTheAccountScopeTrips_thenTheOwnerWaitsAtMostTheAccountCapNeverLockedOut() {
        w.registered("ann@example.com");
        // 20 free failures, each from its own address: no source scope ever trips
        for (int i = 0; i < 21; i++) {
            assertThat(attempt("ann@example.com", "wrong", "192.0.2." + i))
                    .isInstanceOf(InvalidCredentialsException.class);
        }
        // the distributed attacker keeps going, each time the account's wait is over
        for (int i = 21; i < 40; i++) {
            w.clock.advance(throttled("ann@example.com", "192.0.2." + i).retryAfter());
            assertThat(attempt("ann@example.com", "wrong", "192.0.2." + i))
                    .isInstanceOf(InvalidCredentialsException.class);
        }

        TooManyAttemptsException owner = throttled("ann@example.com", OWNER);
        assertThat(owner.retryAfter()).as("capped at 60 s").isEqualTo(Duration.ofSeconds(60));
        assertThat(w.audit.eventsOf(AuditEventType.LOGIN_THROTTLED))
                .last()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("account"));
        w.clock.advance(owner.retryAfter());
        assertThat(attempt("ann@example.com", PASSWORD, OWNER))
                .as("never locked out")
                .isNull();
        assertThat(attempt("ann@example.com", "a typo", OWNER)).isInstanceOf(InvalidCredentialsException.class);
        assertThat(attempt("ann@example.com", "another typo", OWNER))
                .as("the owner's success cleared the account's count: a typo now is its first failure")
                .isInstanceOf(InvalidCredentialsException.class);
    }

    @Test
    void givenOneSourceTryingManyAccounts_whenPastOneHundredFailures_thenRefusedOnEveryAccount() {
        for (int i = 0; i < 101; i++) {
            assertThat(attempt("victim-" + i + "@example.com", "Summer2024!", ATTACKER))
                    .isInstanceOf(InvalidCredentialsException.class);
        }

        attempt("someone-new@example.com", "Summer2024!", ATTACKER);

        assertThat(w.audit.eventsOf(AuditEventType.LOGIN_THROTTLED))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("ip"));
        assertThat(attempt("someone-new@example.com", "x", OWNER))
                .as("other sources are not held back")
                .isInstanceOf(InvalidCredentialsException.class);
    }

    @Test
    void givenAnUnknownAndAKnownAccount_whenGuessedAlike_thenThrottledAlike() {
        w.registered("ann@example.com");
        for (int i = 0; i < 6; i++) {
            attempt("ann@example.com", "wrong", ATTACKER);
            attempt("nobody@example.com", "wrong", ATTACKER);
        }

        TooManyAttemptsException known = throttled("ann@example.com", ATTACKER);
        TooManyAttemptsException unknown = throttled("nobody@example.com", ATTACKER);

        assertThat(unknown).hasMessage(known.getMessage());
        assertThat(unknown.retryAfter()).isEqualTo(known.retryAfter());
        assertThat(w.audit.eventsOf(AuditEventType.LOGIN_THROTTLED))
                .extracting(AuditEvent::detail)
                .containsExactly("account_ip", "account_ip");
    }

    @Test
    void givenTheEmailSpelledDifferently_whenGuessed_thenCountedAsOneAccount() {
        for (int i = 0; i < 6; i++) {
            attempt(i % 2 == 0 ? "Ann@Example.COM " : "ann@example.com", "wrong", ATTACKER);
        }
        assertThat(attempt(" ANN@example.com", "wrong", ATTACKER)).isInstanceOf(TooManyAttemptsException.class);
        assertThat(w.attempts.stored().keySet())
                .as("the counters never hold an address in clear")
                .noneMatch(key -> key.toLowerCase().contains("ann"));
    }

    @Test
    void givenFailuresThenSuccess_whenTheOwnerLogsIn_thenTheAccountStartsAgainButTheSourceKeepsCounting() {
        w.registered("ann@example.com");
        for (int i = 0; i < 5; i++) {
            attempt("ann@example.com", "wrong", OWNER);
        }

        assertThat(attempt("ann@example.com", PASSWORD, OWNER)).isNull();

        assertThat(loginCounters())
                .hasSize(1)
                .hasEntrySatisfying(
                        ThrottleKeys.loginIp(OWNER), c -> assertThat(c.count()).isEqualTo(5));
        for (int i = 0; i < 5; i++) {
            assertThat(attempt("ann@example.com", "wrong", OWNER)).isInstanceOf(InvalidCredentialsException.class);
        }
        assertThat(attempt("ann@example.com", "wrong", OWNER))
                .as("five free failures again, then the sixth blocks")
                .isInstanceOf(InvalidCredentialsException.class);
        assertThat(attempt("ann@example.com", PASSWORD, OWNER)).isInstanceOf(TooManyAttemptsException.class);
    }

    @Test
    void givenTheCountersCannotBeClearedAfterASuccess_whenTheOwnerLogsIn_thenTheLoginStillStands() {
        w.registered("ann@example.com");
        attempt("ann@example.com", "wrong", OWNER);
        w.attempts.failClears();

        assertThat(attempt("ann@example.com", PASSWORD, OWNER)).isNull();
        assertThat(w.audit.eventsOf(AuditEventType.LOGIN_SUCCESS)).hasSize(1);
    }

    @Test
    void givenNoEarlierFailures_whenTheOwnerLogsIn_thenTheThrottleCostsOneReadAndNoWrite() {
        w.registered("ann@example.com");
        int writesBefore = w.attempts.writes();

        assertThat(attempt("ann@example.com", PASSWORD, OWNER)).isNull();

        assertThat(w.attempts.reads()).isEqualTo(1);
        assertThat(w.attempts.writes() - writesBefore)
                .as("nothing to clear, nothing written")
                .isZero();
        assertThat(loginCounters()).isEmpty();
    }

    @Test
    void givenFailuresLongAgo_whenQuietForTwelveHours_thenForgotten() {
        for (int i = 0; i < 5; i++) {
            attempt("ann@example.com", "wrong", ATTACKER);
        }
        w.clock.advance(Duration.ofHours(12));
        for (int i = 0; i < 5; i++) {
            assertThat(attempt("ann@example.com", "wrong", ATTACKER)).isInstanceOf(InvalidCredentialsException.class);
        }
        assertThat(attempt("ann@example.com", "wrong", ATTACKER))
                .as("counted from zero again: the sixth is still answered")
                .isInstanceOf(InvalidCredentialsException.class);
    }

    @Test
    void givenThrottlingTurnedOff_whenGuessedAtLength_thenNeverRefusedAndNothingReadOrCounted() {
        World off = new World(ThrottlePolicy.OFF);
        for (int i = 0; i < 150; i++) {
            assertThat(catchThrowableOfType(
                            InvalidCredentialsException.class,
                            () -> off.login.login(
                                    new LoginCommand("ann@example.com", new Password("wrong"), client(ATTACKER)))))
                    .isNotNull();
        }
        for (int i = 0; i < 20; i++) {
            off.register.register(new RegisterCommand(
                    new Email("user" + i + "@example.com"), new Password(PASSWORD), client(ATTACKER)));
        }
        assertThat(off.attempts.reads()).isZero();
        assertThat(off.attempts.stored()).isEmpty();
    }

    @Test
    void givenTenRegistrationsFromOneSource_whenTheEleventhComes_thenRefusedUntilTheHourEndsWithoutHashing() {
        for (int i = 0; i < 10; i++) {
            w.clock.advance(Duration.ofMinutes(1));
            register("user" + i + "@example.com", ATTACKER);
        }
        int hashes = w.hasher.hashes.get();

        TooManyAttemptsException refused =
                catchThrowableOfType(TooManyAttemptsException.class, () -> register("user10@example.com", ATTACKER));

        assertThat(refused).isNotNull();
        assertThat(refused.retryAfter())
                .as("the window opened with the first registration, 9 min ago")
                .isEqualTo(Duration.ofMinutes(51));
        assertThat(w.hasher.hashes.get()).as("no hash spent").isEqualTo(hashes);
        assertThat(w.users.findByEmail(new Email("user10@example.com"))).isEmpty();
        assertThat(w.audit.eventsOf(AuditEventType.REGISTER_THROTTLED))
                .singleElement()
                .satisfies(e -> assertThat(e.client().ip()).isEqualTo(ATTACKER));
        register("from-elsewhere@example.com", OWNER);

        w.clock.advance(Duration.ofMinutes(51));
        register("user10@example.com", ATTACKER);
    }

    @Test
    void givenTakenEmailsAndWeakPasswords_whenRegistered_thenTakenOnesCountAndWeakOnesDoNot() {
        register("ann@example.com", OWNER);
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> w.register.register(new RegisterCommand(
                            new Email("weak@example.com"), new Password("password123"), client(ATTACKER))))
                    .isInstanceOf(WeakPasswordException.class);
        }
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> register("ann@example.com", ATTACKER))
                    .as("probing for taken emails is counted")
                    .isInstanceOf(EmailAlreadyRegisteredException.class);
        }
        assertThatThrownBy(() -> register("ann@example.com", ATTACKER)).isInstanceOf(TooManyAttemptsException.class);
    }

    @Test
    void givenAddressesInOneIpv6Slash64_whenTryingManyAccounts_thenCountedAsOneSource() {
        // the host rotates the low 64 bits on every try
        for (int i = 0; i < 101; i++) {
            attempt("victim-" + i + "@example.com", "x", "2001:db8:7:8:" + Integer.toHexString(i) + "::1");
        }
        assertThat(attempt("next@example.com", "x", "2001:db8:7:8:ffff::9"))
                .isInstanceOf(TooManyAttemptsException.class);
        assertThat(attempt("next@example.com", "x", "2001:db8:7:9::1"))
                .as("the neighbouring /64 is another source")
                .isInstanceOf(InvalidCredentialsException.class);
    }

    @Test
    void givenSources_whenKeyed_thenIpv4AsItIsAndIpv6ByItsSlash64() {
        assertThat(ThrottleKeys.source("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(ThrottleKeys.source("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(ThrottleKeys.source("[2001:db8:1:2::1]")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(ThrottleKeys.source("fe80::1%eth0")).isEqualTo("fe80:0:0:0:0:0:0:0/64");
        assertThat(ThrottleKeys.source("::ffff:198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(ThrottleKeys.source("unknown")).isEqualTo("unknown");
        assertThat(ThrottleKeys.source("1:2:3"))
                .as("not an address: left as it is")
                .isEqualTo("1:2:3");
    }

    @Test
    void givenWaits_whenSaidInWholeSeconds_thenRoundedUpAndNeverZero() {
        assertThat(new TooManyAttemptsException("m", Duration.ofMillis(1)).retryAfterSeconds())
                .isEqualTo(1);
        assertThat(new TooManyAttemptsException("m", Duration.ofMillis(1_001)).retryAfterSeconds())
                .isEqualTo(2);
        assertThat(new TooManyAttemptsException("m", Duration.ofSeconds(900)).retryAfterSeconds())
                .isEqualTo(900);
        assertThat(new TooManyAttemptsException("m", Duration.ZERO).retryAfterSeconds())
                .isEqualTo(1);
    }

    // --- helpers

    private Map<String, AttemptCounter> loginCounters() {
        Map<String, AttemptCounter> login = new HashMap<>(w.attempts.stored());
        login.keySet().removeIf(key -> !key.startsWith("login:"));
        return login;
    }

    private static ClientInfo client(String ip) {
        return new ClientInfo(ip, "test-agent/1.0");
    }

    /** What the login threw, or null when it let the user in. */
    private Throwable attempt(String email, String password, String ip) {
        try {
            TokenPair pair = w.login.login(new LoginCommand(email, new Password(password), client(ip)));
            assertThat(pair.accessToken()).isNotBlank();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private TooManyAttemptsException throttled(String email, String ip) {
        Throwable thrown = attempt(email, "whatever", ip);
        assertThat(thrown).isInstanceOf(TooManyAttemptsException.class);
        return (TooManyAttemptsException) thrown;
    }

    private void register(String email, String ip) {
        w.register.register(new RegisterCommand(new Email(email), new Password(PASSWORD), client(ip)));
    }
}
