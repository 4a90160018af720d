package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.gaara.domain.Email;
import io.gaara.domain.InvalidValueException;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** What only the PostgreSQL adapter can meet: the database's own rules on a row. */
class JdbiUserRepositoryTest {
    /**
     * U+2C2F (Glagolitic capital letter, Unicode 14) has no lower case in Java 17's tables but has one in PostgreSQL's:
     * the email passes {@link Email}'s normalization and fails the table's {@code email = lower(email)} check. That is
     * a value the client sent (400), not a server error (500, with the row in the log).
     */
    @Test
    void givenEmailThatPostgresLowerCasesDifferently_whenAdded_thenRefusedAsAnInvalidValueAndNothingStored() {
        assumeThat("\u2c2f".toLowerCase(Locale.ROOT))
                .as("a JDK whose Unicode tables have U+2C2F's lower case (Java 19+) never makes such an email")
                .isEqualTo("\u2c2f");
        var users = SharedEmbeddedPostgres.persistence().users();
        Email email = new Email("\u2c2f" + System.nanoTime() + "@example.com");

        assertThatThrownBy(() -> users.add(new User(
                        UserId.random(), email, new PasswordHash("$argon2id$v=19$m=8,t=1,p=1$x$y"), Instant.now())))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("lower case");
        assertThat(users.findByEmail(email)).isEmpty();
    }
}
