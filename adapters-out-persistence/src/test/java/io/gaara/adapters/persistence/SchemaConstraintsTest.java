package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the code takes for granted about a row is in the schema: a hand-made row that breaks it (an UPDATE typed in
 * psql) fails at once, naming the constraint, instead of making every later read of the row a server error.
 */
class SchemaConstraintsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final PostgresPersistence persistence = SharedEmbeddedPostgres.persistence();
    private Session session;

    @BeforeEach
    void aSession() {
        User user = new User(
                UserId.random(),
                new Email("schema-" + UUID.randomUUID() + "@example.com"),
                new PasswordHash("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"),
                NOW);
        persistence.users().add(user);
        session = Session.start(
                SessionId.random(), user.id(), TokenId.random(), NOW, SessionPolicy.DEFAULT, ClientInfo.UNKNOWN);
        persistence.sessions().add(session);
    }

    private void sql(String statement) {
        persistence
                .jdbi()
                .useHandle(h -> h.createUpdate(statement)
                        .bind("id", session.id().value())
                        .execute());
    }

    @Test
    void givenHandEditedRevocationReason_whenWritten_thenRefusedByName() {
        assertThatThrownBy(() ->
                        sql("UPDATE sessions SET revoked_at = now(), revocation_reason = 'banned' WHERE id = :id"))
                .isInstanceOf(UnableToExecuteStatementException.class)
                .hasMessageContaining("sessions_revocation_reason_known");
        assertThat(persistence.sessions().findById(session.id())).contains(session);
    }

    @ParameterizedTest
    @EnumSource(RevocationReason.class)
    void givenEveryRevocationReasonTheCodeWrites_whenWritten_thenAccepted(RevocationReason reason) {
        assertThat(persistence.sessions().revoke(session.id(), NOW.plusSeconds(1), reason))
                .isTrue();
        assertThat(persistence.sessions().findById(session.id()))
                .map(Session::revocationReason)
                .contains(reason);
    }

    @Test
    void givenOneTimeTokenOfAnUnknownPurpose_whenWritten_thenRefusedByName() {
        assertThatThrownBy(() -> persistence
                        .jdbi()
                        .useHandle(h -> h.createUpdate("""
                                INSERT INTO one_time_tokens (token_hash, user_id, purpose, expires_at, created_at)
                                SELECT sha256('x'::bytea), user_id, 'admin', now() + interval '1 hour', now()
                                  FROM sessions WHERE id = :id""")
                                .bind("id", session.id().value())
                                .execute()))
                .isInstanceOf(UnableToExecuteStatementException.class)
                .hasMessageContaining("one_time_tokens_purpose_known");
    }
}
