package io.gaara.application.service;

import static io.gaara.application.service.World.CLIENT;
import static io.gaara.application.service.World.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.EmailAlreadyRegisteredException;
import io.gaara.application.InvalidCredentialsException;
import io.gaara.application.fakes.InMemoryAuditTrail;
import io.gaara.application.fakes.InMemoryDatabase;
import io.gaara.application.port.in.LoginCommand;
import io.gaara.application.port.in.RegisterCommand;
import io.gaara.application.port.out.crypto.PasswordHasher;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.domain.AuditEvent;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.Email;
import io.gaara.domain.Password;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.ThrottlePolicy;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import io.gaara.domain.WeakPasswordException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class RegisterAndLoginServiceTest {
    private final World w = new World();

    @Test
    void givenNewEmail_whenRegistered_thenUserStoredWithHashAndAudited() {
        var user = w.registered("Ann@Example.com");
        var stored = w.users.findByEmail(new Email("ann@example.com")).orElseThrow();
        assertThat(stored.id()).isEqualTo(user.id());
        assertThat(stored.passwordHash().value()).doesNotContain(PASSWORD);
        assertThat(w.audit.eventsOf(AuditEventType.REGISTER))
                .singleElement()
                .satisfies(e -> assertThat(e.userId()).isEqualTo(user.id()))
                .satisfies(e -> assertThat(e.client()).isEqualTo(CLIENT));
    }

    @Test
    void givenWeakPassword_whenRegistered_thenRefusedAndNothingStored() {
        int hashesBefore = w.hasher.hashes.get();
        assertThatThrownBy(() -> w.register.register(
                        new RegisterCommand(new Email("a@example.com"), new Password("PASSWORD123"), CLIENT)))
                .isInstanceOf(WeakPasswordException.class);
        assertThat(w.users.findByEmail(new Email("a@example.com"))).isEmpty();
        assertThat(w.hasher.hashes.get()).as("refused before hashing").isEqualTo(hashesBefore);
    }

    @Test
    void givenTakenEmail_whenRegisteredAgain_thenRefusedAndFailureAudited() {
        w.registered("ann@example.com");
        assertThatThrownBy(() -> w.registered("ANN@example.com")).isInstanceOf(EmailAlreadyRegisteredException.class);
        assertThat(w.audit.eventsOf(AuditEventType.REGISTER_FAILURE))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("email_taken"));
    }

    @Test
    void givenRightPassword_whenLogin_thenSessionStartedAndAudited() {
        var user = w.registered("ann@example.com");
        var pair = w.loggedIn("ann@example.com");
        var session = w.sessions.findById(pair.sessionId()).orElseThrow();
        assertThat(session.userId()).isEqualTo(user.id());
        assertThat(session.client()).isEqualTo(CLIENT);
        assertThat(w.principalOf(pair).userId()).isEqualTo(user.id());
        assertThat(pair.accessTokenLifetime().toMinutes()).isEqualTo(15);
        assertThat(w.audit.eventsOf(AuditEventType.LOGIN_SUCCESS))
                .singleElement()
                .satisfies(e -> assertThat(e.sessionId()).isEqualTo(pair.sessionId()));
    }

    @Test
    void givenUnknownEmailOrWrongPassword_whenLogin_thenSameErrorAndOneHashVerificationEach() {
        w.registered("ann@example.com");
        int before = w.hasher.verifications.get();
        Throwable unknown = Assertions.catchThrowable(
                () -> w.login.login(new LoginCommand("bob@example.com", new Password(PASSWORD), CLIENT)));
        assertThat(w.hasher.verifications.get() - before)
                .as("unknown email still verifies a dummy hash")
                .isEqualTo(1);
        Throwable wrong = Assertions.catchThrowable(
                () -> w.login.login(new LoginCommand("ann@example.com", new Password("not the password"), CLIENT)));
        assertThat(w.hasher.verifications.get() - before).isEqualTo(2);
        Throwable malformed = Assertions.catchThrowable(
                () -> w.login.login(new LoginCommand("no-at-sign", new Password(PASSWORD), CLIENT)));
        assertThat(w.hasher.verifications.get() - before).isEqualTo(3);

        assertThat(unknown).isInstanceOf(InvalidCredentialsException.class);
        assertThat(wrong).isInstanceOf(InvalidCredentialsException.class).hasMessage(unknown.getMessage());
        assertThat(malformed).isInstanceOf(InvalidCredentialsException.class).hasMessage(unknown.getMessage());
        assertThat(w.audit.eventsOf(AuditEventType.LOGIN_FAILURE))
                .extracting(AuditEvent::detail)
                .containsExactly("unknown_email", "wrong_password", "unknown_email");
        assertThat(w.sessions.findActiveByUser(
                        w.users
                                .findByEmail(new Email("ann@example.com"))
                                .orElseThrow()
                                .id(),
                        w.clock.instant()))
                .isEmpty();
    }

    @Test
    void givenHashWithOldParameters_whenLogin_thenHashUpgradedOnce() {
        var user = w.registered("ann@example.com");
        String oldHash =
                w.users.findById(user.id()).orElseThrow().passwordHash().value();
        w.hasher.upgradeParameters();

        w.loggedIn("ann@example.com");
        String newHash =
                w.users.findById(user.id()).orElseThrow().passwordHash().value();
        assertThat(newHash).isNotEqualTo(oldHash);
        assertThat(w.audit.eventsOf(AuditEventType.PASSWORD_REHASHED)).hasSize(1);

        w.loggedIn("ann@example.com");
        assertThat(w.users.findById(user.id()).orElseThrow().passwordHash().value())
                .isEqualTo(newHash);
        assertThat(w.audit.eventsOf(AuditEventType.PASSWORD_REHASHED)).hasSize(1);
    }

    @Test
    void givenAuditFailsInsideLogin_whenLogin_thenNoSessionSurvives() {
        w.registered("ann@example.com");
        AuditTrail failing = new InMemoryAuditTrail(new InMemoryDatabase()) {
            @Override
            public void record(AuditEvent event) {
                if (event.type() == AuditEventType.LOGIN_SUCCESS) {
                    throw new IllegalStateException("audit table unavailable");
                }
            }
        };
        var login = new LoginService(
                w.users,
                w.sessions,
                w.revocations,
                w.hasher,
                w.tokens.accessTokens(),
                w.tokens.refreshTokens(),
                failing,
                w.db,
                w.sessionPolicy,
                World.LOGIN_FAILURE_FLOOR,
                w.clock,
                new LoginThrottle(w.attempts, ThrottlePolicy.DEFAULT.login(), new Auditor(failing, w.clock), w.clock),
                false);
        assertThatThrownBy(() -> login.login(new LoginCommand("ann@example.com", new Password(PASSWORD), World.CLIENT)))
                .isInstanceOf(IllegalStateException.class);
        var userId =
                w.users.findByEmail(new Email("ann@example.com")).orElseThrow().id();
        assertThat(w.sessions.findActiveByUser(userId, w.clock.instant())).isEmpty();
    }

    /**
     * The check costs what the stored hash costs (here: the clock moves 5 ms for a current hash, 400 ms for a legacy
     * one, nothing for an unreadable one); the answer must still come the same time after the login began.
     */
    @Test
    void givenAccountsWhoseHashesCostDifferently_whenWrongPassword_thenEveryFailureAnsweredAtTheSameFloor() {
        PasswordHasher costly = new PasswordHasher() {
            @Override
            public PasswordHash hash(Password password) {
                return w.hasher.hash(password);
            }

            @Override
            public PasswordCheck verify(Password password, PasswordHash hash) {
                if (hash.value().startsWith("legacy$")) {
                    w.clock.advance(Duration.ofMillis(400));
                    return PasswordCheck.MISMATCH;
                }
                if (hash.value().startsWith("unreadable$")) {
                    return PasswordCheck.MISMATCH;
                }
                w.clock.advance(Duration.ofMillis(5));
                return w.hasher.verify(password, hash);
            }
        };
        w.registered("current@example.com");
        w.users.add(new User(
                UserId.random(), new Email("legacy@example.com"), new PasswordHash("legacy$x"), w.clock.instant()));
        w.users.add(new User(
                UserId.random(),
                new Email("unreadable@example.com"),
                new PasswordHash("unreadable$x"),
                w.clock.instant()));
        var login = loginWith(costly);

        for (String email :
                List.of("current@example.com", "legacy@example.com", "unreadable@example.com", "nobody@example.com")) {
            Instant began = w.clock.instant();
            Throwable thrown = Assertions.catchThrowable(
                    () -> login.login(new LoginCommand(email, new Password("not the password"), CLIENT)));
            assertThat(thrown).isInstanceOf(InvalidCredentialsException.class);
            Duration delay = ((InvalidCredentialsException) thrown).answerDelay();
            assertThat(Duration.between(began, w.clock.instant()).plus(delay))
                    .as("%s is answered the floor after its login began", email)
                    .isEqualTo(World.LOGIN_FAILURE_FLOOR);
        }
    }

    @Test
    void givenCheckSlowerThanTheFloor_whenWrongPassword_thenAnsweredAtOnceNotNegative() {
        PasswordHasher slow = new PasswordHasher() {
            @Override
            public PasswordHash hash(Password password) {
                return w.hasher.hash(password);
            }

            @Override
            public PasswordCheck verify(Password password, PasswordHash hash) {
                w.clock.advance(World.LOGIN_FAILURE_FLOOR.plusMillis(1));
                return PasswordCheck.MISMATCH;
            }
        };
        var login = loginWith(slow);
        assertThatThrownBy(() -> login.login(new LoginCommand("x@example.com", new Password(PASSWORD), CLIENT)))
                .isInstanceOfSatisfying(
                        InvalidCredentialsException.class,
                        e -> assertThat(e.answerDelay()).isZero());
    }

    @Test
    void givenFloorOutOfRange_whenLoginServiceBuilt_thenRefused() {
        for (Duration floor : List.of(Duration.ofMillis(-1), LoginService.MAX_FAILURE_FLOOR.plusMillis(1))) {
            assertThatThrownBy(() -> new LoginService(
                            w.users,
                            w.sessions,
                            w.revocations,
                            w.hasher,
                            w.tokens.accessTokens(),
                            w.tokens.refreshTokens(),
                            w.audit,
                            w.db,
                            w.sessionPolicy,
                            floor,
                            w.clock,
                            throttle(),
                            false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("floor");
        }
    }

    /** The login service of this world, checking passwords with {@code hasher}. */
    private LoginService loginWith(PasswordHasher hasher) {
        return new LoginService(
                w.users,
                w.sessions,
                w.revocations,
                hasher,
                w.tokens.accessTokens(),
                w.tokens.refreshTokens(),
                w.audit,
                w.db,
                w.sessionPolicy,
                World.LOGIN_FAILURE_FLOOR,
                w.clock,
                throttle(),
                false);
    }

    private LoginThrottle throttle() {
        return new LoginThrottle(w.attempts, ThrottlePolicy.DEFAULT.login(), new Auditor(w.audit, w.clock), w.clock);
    }
}
