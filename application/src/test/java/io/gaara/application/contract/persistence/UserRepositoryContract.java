package io.gaara.application.contract.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.EmailAlreadyRegisteredException;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.Email;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link UserRepository} must do; subclass it once per adapter. */
public abstract class UserRepositoryContract {
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
}
