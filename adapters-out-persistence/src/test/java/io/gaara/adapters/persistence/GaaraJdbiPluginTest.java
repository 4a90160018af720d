package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.domain.SessionId;
import io.gaara.domain.TokenId;
import io.gaara.domain.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Gaara's types bound and mapped by the plugin alone, on the shared PostgreSQL. The build runs in a zone far from UTC,
 * so an instant shifted by the JVM's time zone would show.
 */
class GaaraJdbiPluginTest {
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.123456Z");

    private final Jdbi jdbi = SharedEmbeddedPostgres.persistence().jdbi();

    @Test
    void givenInstant_whenBound_thenPostgresSeesThatInstantInUtcAndItMapsBackEqual() {
        boolean sameInstant =
                jdbi.withHandle(h -> h.createQuery("SELECT :at = timestamptz '2026-01-02 03:04:05.123456+00'")
                        .bind("at", AT)
                        .mapTo(Boolean.class)
                        .one());
        Instant back = jdbi.withHandle(h -> h.createQuery("SELECT CAST(:at AS timestamptz)")
                .bind("at", AT)
                .mapTo(Instant.class)
                .one());

        assertThat(sameInstant).isTrue();
        assertThat(back).isEqualTo(AT);
    }

    @Test
    void givenIds_whenBoundAndSelected_thenTheyComeBackAsTheSameIdTypes() {
        UserId user = UserId.random();
        SessionId session = SessionId.random();
        TokenId token = TokenId.random();

        UserId userBack = jdbi.withHandle(h -> h.createQuery("SELECT CAST(:id AS uuid)")
                .bind("id", user)
                .mapTo(UserId.class)
                .one());
        SessionId sessionBack = jdbi.withHandle(h -> h.createQuery("SELECT CAST(:id AS uuid)")
                .bind("id", session)
                .mapTo(SessionId.class)
                .one());
        TokenId tokenBack = jdbi.withHandle(h -> h.createQuery("SELECT CAST(:id AS uuid)")
                .bind("id", token)
                .mapTo(TokenId.class)
                .one());

        assertThat(userBack).isEqualTo(user);
        assertThat(sessionBack).isEqualTo(session);
        assertThat(tokenBack).isEqualTo(token);
    }

    @Test
    void givenNullsBoundByType_whenSelected_thenTheyMapToNull() {
        Optional<Instant> noInstant = jdbi.withHandle(h -> h.createQuery("SELECT CAST(:at AS timestamptz)")
                .bindByType("at", null, Instant.class)
                .mapTo(Instant.class)
                .findOne());
        Optional<TokenId> noToken = jdbi.withHandle(h -> h.createQuery("SELECT CAST(:id AS uuid)")
                .bindByType("id", null, TokenId.class)
                .mapTo(TokenId.class)
                .findOne());

        assertThat(noInstant).isEmpty();
        assertThat(noToken).isEmpty();
    }

    /**
     * A statement that fails is logged by whoever catches it (the HTTP adapter logs an unexpected error with its
     * message). Its bound values are emails, password hashes and token ids: the message must name the statement, never
     * the values.
     */
    @Test
    void givenStatementThatFails_whenItsExceptionIsRendered_thenTheStatementIsNamedButNoBoundValue() {
        String canary = "$argon2id$v=19$m=19456,t=2,p=1$canary-" + UUID.randomUUID();

        assertThatThrownBy(() -> jdbi.useHandle(h -> h.createUpdate("INSERT INTO users (id, email, password_hash)"
                                + " VALUES (gen_random_uuid(), NULL, :hash)")
                        .bind("hash", canary)
                        .execute()))
                .satisfies(e -> assertThat(e.getMessage())
                        .contains("INSERT INTO users")
                        .doesNotContain(canary)
                        .doesNotContain("canary-"));
    }
}
