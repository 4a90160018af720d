package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.domain.Email;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * findById answers GET /me on every request, so it answers from memory for a short while. Each test changes the row
 * behind the repository's back (plain SQL) to see whether the database was asked.
 */
class JdbiUserRepositoryCacheTest {
    private static final PasswordHash HASH = new PasswordHash("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA");
    private static final PasswordHash NEW_HASH = new PasswordHash("$argon2id$v=19$m=19456,t=2,p=1$c2FsdDI$aGFzaDI");

    private final PostgresPersistence persistence = SharedEmbeddedPostgres.persistence();
    private final AtomicLong nanos = new AtomicLong();
    private JdbiUserRepository users;

    @BeforeEach
    void freshRepository() {
        SharedEmbeddedPostgres.truncate(persistence);
        users = new JdbiUserRepository(persistence.jdbi(), nanos::get);
    }

    @Test
    void givenUserFoundOnce_whenFoundAgainWithinTtl_thenAnsweredWithoutTheDatabase() {
        User ann = user();
        users.add(ann);
        assertThat(users.findById(ann.id())).contains(ann);

        deleteRow(ann.id());

        assertThat(users.findById(ann.id())).as("served from memory").contains(ann);
        assertThat(new JdbiUserRepository(persistence.jdbi()).findById(ann.id()))
                .as("the database has no such row")
                .isEmpty();
    }

    @Test
    void givenCachedUser_whenTtlPasses_thenTheDatabaseIsAskedAgain() {
        User bob = user();
        users.add(bob);
        users.findById(bob.id());
        deleteRow(bob.id());

        nanos.addAndGet(JdbiUserRepository.BY_ID_TTL.plusSeconds(1).toNanos());

        assertThat(users.findById(bob.id())).isEmpty();
    }

    @Test
    void givenCachedUser_whenPasswordHashUpdated_thenNextFindReturnsTheNewHash() {
        User carol = user();
        users.add(carol);
        users.findById(carol.id());

        users.updatePasswordHash(carol.id(), NEW_HASH);

        assertThat(users.findById(carol.id())).contains(carol.withPasswordHash(NEW_HASH));
    }

    @Test
    void givenCachedUser_whenFoundFresh_thenTheDatabaseIsAskedWhateverTheCacheHolds() {
        User fay = user();
        users.add(fay);
        users.findById(fay.id());

        deleteRow(fay.id());

        assertThat(users.findById(fay.id())).as("served from memory").contains(fay);
        assertThat(users.findFresh(fay.id())).as("a decision reads the row").isEmpty();
    }

    @Test
    void givenCachedUser_whenVerifiedMovedOrDeletedHere_thenNextFindShowsIt() {
        User gus = user();
        users.add(gus);
        users.findById(gus.id());
        Instant at = Instant.parse("2026-01-01T00:00:00Z");

        users.markEmailVerified(gus.id(), gus.email(), at);
        assertThat(users.findById(gus.id())).get().returns(at, User::emailVerifiedAt);
        Email moved = new Email("moved-" + UUID.randomUUID() + "@example.com");
        users.changeEmail(gus.id(), moved, at);
        assertThat(users.findById(gus.id())).get().returns(moved, User::email);
        users.delete(gus.id());
        assertThat(users.findById(gus.id())).isEmpty();
    }

    @Test
    void givenUnknownId_whenFoundThenAdded_thenTheAbsenceWasNotRemembered() {
        User dave = user();
        assertThat(users.findById(dave.id())).isEmpty();

        users.add(dave);

        assertThat(users.findById(dave.id())).contains(dave);
    }

    @Test
    void givenUserReadInsideATransactionThatRollsBack_whenFoundAfterwards_thenNotServedFromMemory() {
        User erin = user();
        try {
            persistence.transactions().inTransaction((Runnable) () -> {
                users.add(erin);
                assertThat(users.findById(erin.id())).contains(erin);
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // the transaction rolled back
        }

        assertThat(users.findById(erin.id())).isEmpty();
    }

    private static User user() {
        return new User(
                UserId.random(),
                new Email("cache-" + UUID.randomUUID() + "@example.com"),
                HASH,
                Instant.parse("2026-01-02T03:04:05.123456Z"));
    }

    private void deleteRow(UserId id) {
        persistence
                .jdbi()
                .useHandle(h -> h.createUpdate("DELETE FROM users WHERE id = :id")
                        .bind("id", id.value())
                        .execute());
    }
}
