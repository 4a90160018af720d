package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.fakes.MutableClock;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.Email;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.Session;
import io.gaara.domain.SessionId;
import io.gaara.domain.SessionPolicy;
import io.gaara.domain.TokenId;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two server instances on one database: what one ends, the other refuses within a second, with no
 * query per check. Instance A is the shared persistence; each test builds its own instance B.
 */
class PostgresSessionRevocationsTest {
    private static final Duration WITHIN = Duration.ofSeconds(1);
    private static final Duration LIFETIME = SharedEmbeddedPostgres.ACCESS_TOKEN_LIFETIME;

    private final PostgresPersistence a = SharedEmbeddedPostgres.persistence();
    private final List<PostgresSessionRevocations> started = new ArrayList<>();
    private UserId owner;

    @BeforeEach
    void addOwner() {
        User user = new User(UserId.random(), new Email("rev-" + UUID.randomUUID() + "@example.com"), new PasswordHash("x"), now());
        a.users().add(user);
        owner = user.id();
    }

    @AfterEach
    void stopInstances() {
        started.forEach(PostgresSessionRevocations::close);
    }

    @Test
    void givenTwoInstances_whenAIsLoggedOutInACommittedTransaction_thenBRefusesTheSessionWithinOneSecond() throws Exception {
        PostgresSessionRevocations b = instance(Clock.systemUTC());
        SessionId id = liveSession();
        assertThat(b.isRevoked(id)).isFalse();

        logout(id);

        Duration took = Await.until(WITHIN, () -> b.isRevoked(id));
        System.out.println("cross-instance revocation seen after " + took.toMillis() + " ms");
    }

    @Test
    void givenLogoutAll_whenCommittedOnA_thenBRefusesEverySessionOfTheUser() throws Exception {
        PostgresSessionRevocations b = instance(Clock.systemUTC());
        SessionId first = liveSession();
        SessionId second = liveSession();

        a.transactions().inTransaction(() -> a.sessions().revokeAllOf(owner, now(), RevocationReason.LOGOUT_ALL)
                .forEach(id -> a.revocations().announce(id, now())));

        Await.until(WITHIN, () -> b.isRevoked(first) && b.isRevoked(second));
    }

    @Test
    void givenAnnouncementInATransactionThatRollsBack_whenChecked_thenNeitherInstanceEverSeesIt() throws Exception {
        PostgresSessionRevocations b = instance(Clock.systemUTC());
        SessionId id = liveSession();

        assertThatThrownBy(() -> a.transactions().inTransaction(() -> {
            a.sessions().revoke(id, now(), RevocationReason.LOGOUT);
            a.revocations().announce(id, now());
            throw new IllegalStateException("the logout fails after announcing");
        })).isInstanceOf(IllegalStateException.class);

        // a committed announcement after it proves the channel was working all along
        SessionId control = liveSession();
        logout(control);
        Await.until(WITHIN, () -> b.isRevoked(control));
        assertThat(Await.staysFalse(Duration.ofMillis(300), () -> b.isRevoked(id) || a.revocations().isRevoked(id))).isTrue();
    }

    @Test
    void givenSessionRevokedBeforeBStarted_whenBStarts_thenBRefusesItAtOnceFromTheResync() {
        SessionId id = liveSession();
        logout(id);

        PostgresSessionRevocations b = instance(Clock.systemUTC());

        assertThat(b.isRevoked(id)).isTrue();
    }

    @Test
    void givenRevocationOlderThanTheAccessTokenLifetime_whenBStarts_thenBForgetsIt() {
        SessionId old = liveSession();
        a.sessions().revoke(old, now().minus(LIFETIME).minus(PostgresSessionRevocations.CLOCK_SKEW).minusSeconds(1),
                RevocationReason.LOGOUT);
        SessionId recent = liveSession();
        a.sessions().revoke(recent, now().minus(LIFETIME), RevocationReason.LOGOUT);

        PostgresSessionRevocations b = instance(Clock.systemUTC());

        assertThat(b.isRevoked(old)).isFalse();
        assertThat(b.isRevoked(recent)).isTrue();
    }

    @Test
    void givenAnnouncedRevocation_whenTheAccessTokenLifetimeAndSkewHavePassed_thenItIsForgotten() {
        MutableClock clock = new MutableClock(Instant.now());
        PostgresSessionRevocations b = instance(clock);
        SessionId id = SessionId.random();
        b.announce(id, clock.instant());

        clock.advance(LIFETIME.plus(PostgresSessionRevocations.CLOCK_SKEW).minusSeconds(1));
        assertThat(b.isRevoked(id)).isTrue();

        clock.advance(Duration.ofSeconds(2));
        assertThat(b.isRevoked(id)).isFalse();
    }

    @Test
    void givenBListenerConnectionKilled_whenASessionIsRevokedMeanwhile_thenBReconnectsAndRefusesIt() throws Exception {
        PostgresSessionRevocations b = instance(Clock.systemUTC());
        int oldPid = b.listenerPid();

        a.jdbi().useHandle(h -> h.createQuery("SELECT pg_terminate_backend(:pid)").bind("pid", oldPid).mapTo(Boolean.class).one());
        Await.until(Duration.ofSeconds(5), () -> !b.isListening() || b.listenerPid() != oldPid);
        SessionId id = liveSession();
        logout(id);

        Await.until(Duration.ofSeconds(5), () -> b.isRevoked(id));
        Await.until(Duration.ofSeconds(5), b::isListening);
        assertThat(b.listenerPid()).isNotEqualTo(oldPid);
        // and it listens again: a later logout arrives by notification, not by resync
        SessionId next = liveSession();
        logout(next);
        Await.until(WITHIN, () -> b.isRevoked(next));
    }

    @Test
    void givenStartedInstance_whenClosed_thenItsListenerConnectionIsGone() throws Exception {
        PostgresSessionRevocations b = instance(Clock.systemUTC());
        int pid = b.listenerPid();
        assertThat(backendAlive(pid)).isTrue();

        b.close();

        assertThat(b.isListening()).isFalse();
        Await.until(Duration.ofSeconds(2), () -> !backendAlive(pid));
    }

    private boolean backendAlive(int pid) {
        return a.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid")
                .bind("pid", pid).mapTo(Integer.class).one()) == 1;
    }

    private PostgresSessionRevocations instance(Clock clock) {
        PostgresSettings settings = SharedEmbeddedPostgres.server().settings(1);
        PostgresSessionRevocations b = new PostgresSessionRevocations(a.jdbi(),
                () -> PostgresPersistence.listenerConnection(settings), LIFETIME, clock);
        b.start();
        started.add(b);
        return b;
    }

    private SessionId liveSession() {
        Session session = Session.start(SessionId.random(), owner, TokenId.random(), now(),
                SessionPolicy.DEFAULT, new ClientInfo("127.0.0.1", "test"));
        a.sessions().add(session);
        return session.id();
    }

    private void logout(SessionId id) {
        a.transactions().inTransaction(() -> {
            if (a.sessions().revoke(id, now(), RevocationReason.LOGOUT)) {
                a.revocations().announce(id, now());
            }
        });
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
