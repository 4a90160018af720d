package io.gaara.application.contract.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.EmailAlreadyRegisteredException;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.Email;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link UserRepository} must do; subclass it once per adapter. */
public abstract class UserRepositoryContract {
    private static final Instant NOW = Fixtures.NOW.plusSeconds(60);
    private UserRepository users;

    /** A repository over empty storage. */
    protected abstract UserRepository createUserRepository();

    @BeforeEach
    void setUpRepository() {
        users = createUserRepository();
    }

    @Test
    void givenAddedUser_whenFoundByEmailAndById_thenSameUserComesBack() {
        User alice = Fixtures.user();
        users.add(alice);

        assertThat(users.findByEmail(alice.email())).contains(alice);
        assertThat(users.findById(alice.id())).contains(alice);
        assertThat(users.findFresh(alice.id())).contains(alice);
        assertThat(users.findFresh(UserId.random())).isEmpty();
    }

    @Test
    void givenNoSuchUser_whenFound_thenEmpty() {
        assertThat(users.findByEmail(new Email("nobody-" + UUID.randomUUID() + "@example.com")))
                .isEmpty();
        assertThat(users.findById(UserId.random())).isEmpty();
    }

    @Test
    void givenRegisteredEmail_whenAddedAgain_thenEmailAlreadyRegisteredAndFirstUserKept() {
        User first = Fixtures.user();
        users.add(first);
        User second = Fixtures.user(first.email().value().toUpperCase());

        assertThatThrownBy(() -> users.add(second)).isInstanceOf(EmailAlreadyRegisteredException.class);
        assertThat(users.findByEmail(first.email())).contains(first);
        assertThat(users.findById(second.id())).isEmpty();
    }

    @Test
    void givenTenThreads_whenAddingTheSameEmailAtOnce_thenExactlyOneSucceedsAndOthersAreAlreadyRegistered()
            throws Exception {
        String email = "race-" + UUID.randomUUID() + "@example.com";

        List<Concurrently.Outcome<UserId>> outcomes = Concurrently.run(10, () -> {
            User candidate = Fixtures.user(email);
            users.add(candidate);
            return candidate.id();
        });

        List<UserId> winners = outcomes.stream()
                .filter(o -> o.error() == null)
                .map(Concurrently.Outcome::value)
                .toList();
        assertThat(winners).hasSize(1);
        assertThat(outcomes.stream().filter(o -> o.error() != null).map(Concurrently.Outcome::error))
                .hasSize(9)
                .allSatisfy(e -> assertThat(e).isInstanceOf(EmailAlreadyRegisteredException.class));
        assertThat(users.findByEmail(new Email(email))).map(User::id).contains(winners.get(0));
    }

    @Test
    void givenUser_whenPasswordHashUpdated_thenNewHashStoredAndRestUnchanged() {
        User carol = Fixtures.user();
        User other = Fixtures.user();
        users.add(carol);
        users.add(other);
        PasswordHash upgraded = new PasswordHash("$argon2id$v=19$m=47104,t=1,p=1$bmV3$bmV3aGFzaA");

        users.updatePasswordHash(carol.id(), upgraded);

        assertThat(users.findById(carol.id())).contains(carol.withPasswordHash(upgraded));
        assertThat(users.findById(other.id())).contains(other);
    }

    @Test
    void givenNewUser_whenFound_thenNotVerifiedAndAVerifiedUserReadsBackVerified() {
        User fresh = Fixtures.user();
        User proven = new User(
                UserId.random(),
                new Email("proven-" + UUID.randomUUID() + "@example.com"),
                fresh.passwordHash(),
                Fixtures.NOW,
                Fixtures.NOW.plusSeconds(5));
        users.add(fresh);
        users.add(proven);

        assertThat(users.findById(fresh.id())).get().returns(false, User::emailVerified);
        assertThat(users.findByEmail(proven.email())).contains(proven);
    }

    @Test
    void givenUnverifiedUser_whenMarkedVerifiedForItsAddress_thenVerifiedAtThatInstantAndOthersUntouched() {
        User dave = Fixtures.user();
        User other = Fixtures.user();
        users.add(dave);
        users.add(other);
        Instant at = Fixtures.NOW.plusSeconds(90);

        assertThat(users.markEmailVerified(dave.id(), dave.email(), at)).isTrue();

        assertThat(users.findById(dave.id())).get().returns(at, User::emailVerifiedAt);
        assertThat(users.findByEmail(dave.email())).get().returns(at, User::emailVerifiedAt);
        assertThat(users.findById(other.id())).contains(other);
    }

    @Test
    void givenVerifiedUser_whenMarkedVerifiedAgain_thenFirstVerificationTimeKept() {
        User erin = Fixtures.user();
        users.add(erin);
        users.markEmailVerified(erin.id(), erin.email(), Fixtures.NOW.plusSeconds(1));

        assertThat(users.markEmailVerified(erin.id(), erin.email(), Fixtures.NOW.plusSeconds(2)))
                .isTrue();

        assertThat(users.findById(erin.id())).get().returns(Fixtures.NOW.plusSeconds(1), User::emailVerifiedAt);
    }

    @Test
    void givenAddressTheAccountNoLongerHas_whenMarkedVerified_thenRefusedAndStillUnverified() {
        User frank = Fixtures.user();
        users.add(frank);

        assertThat(users.markEmailVerified(frank.id(), new Email("left-" + UUID.randomUUID() + "@example.com"), NOW))
                .isFalse();
        assertThat(users.markEmailVerified(UserId.random(), frank.email(), NOW)).isFalse();

        assertThat(users.findById(frank.id())).contains(frank);
    }

    @Test
    void givenUser_whenEmailChanged_thenFoundByTheNewAddressVerifiedAndNotByTheOld() {
        User gina = Fixtures.user();
        users.add(gina);
        Email moved = new Email("moved-" + UUID.randomUUID() + "@example.com");

        assertThat(users.changeEmail(gina.id(), moved, NOW)).isTrue();

        assertThat(users.findById(gina.id()))
                .contains(new User(gina.id(), moved, gina.passwordHash(), gina.createdAt(), NOW));
        assertThat(users.findByEmail(moved)).map(User::id).contains(gina.id());
        assertThat(users.findByEmail(gina.email())).isEmpty();
        assertThat(users.changeEmail(UserId.random(), moved, NOW)).isFalse();
    }

    @Test
    void givenAddressOfAnotherAccount_whenEmailChangedToIt_thenAlreadyRegisteredAndBothUnchanged() {
        User hana = Fixtures.user();
        User ivan = Fixtures.user();
        users.add(hana);
        users.add(ivan);

        assertThatThrownBy(() -> users.changeEmail(hana.id(), ivan.email(), NOW))
                .isInstanceOf(EmailAlreadyRegisteredException.class);

        assertThat(users.findById(hana.id())).contains(hana);
        assertThat(users.findByEmail(ivan.email())).contains(ivan);
    }

    @Test
    void givenUser_whenDeleted_thenFoundNeitherWayAndTheAddressIsFreeAgain() {
        User jack = Fixtures.user();
        User other = Fixtures.user();
        users.add(jack);
        users.add(other);
        assertThat(users.findById(jack.id())).isPresent();

        assertThat(users.delete(jack.id())).isTrue();

        assertThat(users.findById(jack.id())).isEmpty();
        assertThat(users.findByEmail(jack.email())).isEmpty();
        assertThat(users.delete(jack.id())).isFalse();
        assertThat(users.findById(other.id())).contains(other);
        users.add(Fixtures.user(jack.email().value()));
        assertThat(users.findByEmail(jack.email())).isPresent();
    }
}
