package io.gaara.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final SessionPolicy POLICY = new SessionPolicy(Duration.ofDays(14), Duration.ofDays(30));
    private final TokenId first = TokenId.random();
    private final Session session =
            Session.start(SessionId.random(), UserId.random(), first, T0, POLICY, ClientInfo.UNKNOWN);

    @Test
    void givenFreshSession_whenCurrentTokenPresented_thenCurrent() {
        assertThat(session.judge(first, T0.plusSeconds(1))).isEqualTo(RefreshVerdict.CURRENT);
        assertThat(session.idleExpiresAt()).isEqualTo(T0.plus(Duration.ofDays(14)));
    }

    @Test
    void givenRotatedSession_whenOldTokenPresented_thenReused() {
        Session rotated = session.rotate(TokenId.random(), T0.plusSeconds(5), POLICY);
        assertThat(rotated.judge(first, T0.plusSeconds(6))).isEqualTo(RefreshVerdict.REUSED);
        assertThat(rotated.generation()).isEqualTo(2);
        assertThat(rotated.lastUsedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void givenReuseGrace_whenJustSpentTokenPresented_thenSupersededWithinGraceAndReusedAfter() {
        TokenId second = TokenId.random();
        Session rotated =
                session.rotate(second, T0.plusSeconds(10), POLICY).rotate(TokenId.random(), T0.plusSeconds(20), POLICY);
        Duration grace = Duration.ofSeconds(5);
        assertThat(rotated.judge(second, T0.plusSeconds(24), grace)).isEqualTo(RefreshVerdict.SUPERSEDED);
        assertThat(rotated.judge(second, T0.plusSeconds(25), grace)).isEqualTo(RefreshVerdict.REUSED);
        assertThat(rotated.judge(second, T0.plusSeconds(21), Duration.ZERO)).isEqualTo(RefreshVerdict.REUSED);
        assertThat(rotated.judge(first, T0.plusSeconds(21), grace))
                .as("only the latest spent token gets grace")
                .isEqualTo(RefreshVerdict.REUSED);
    }

    @Test
    void givenNoGrace_whenJustSpentTokenJudgedAtAnInstantBeforeItsRotation_thenReused() {
        // a concurrent request reads the clock, then the session after the other request's rotation committed
        Session rotated = session.rotate(TokenId.random(), T0.plusSeconds(10), POLICY);
        assertThat(rotated.judge(first, T0.plusSeconds(9), Duration.ZERO)).isEqualTo(RefreshVerdict.REUSED);
        assertThat(rotated.judge(first, T0.plusSeconds(9))).isEqualTo(RefreshVerdict.REUSED);
        assertThat(rotated.judge(first, T0.plusSeconds(9), Duration.ofSeconds(5)))
                .as("with a grace, a request older than the rotation raced it")
                .isEqualTo(RefreshVerdict.SUPERSEDED);
    }

    @Test
    void givenJustSpentTokenWithinGrace_whenSessionHasTimedOut_thenExpiredNotReissued() {
        // the grace answers with a usable pair, so it must never outlive the session it belongs to
        SessionPolicy shortLived = new SessionPolicy(Duration.ofSeconds(30), Duration.ofSeconds(30));
        Session brief = Session.start(SessionId.random(), UserId.random(), first, T0, shortLived, ClientInfo.UNKNOWN);
        Session rotated = brief.rotate(TokenId.random(), T0.plusSeconds(28), shortLived);
        Duration grace = Duration.ofSeconds(10);
        assertThat(rotated.judge(first, T0.plusSeconds(29), grace)).isEqualTo(RefreshVerdict.SUPERSEDED);
        assertThat(rotated.judge(first, T0.plusSeconds(30), grace))
                .as("absolute lifetime over, grace not yet")
                .isEqualTo(RefreshVerdict.EXPIRED);
    }

    @Test
    void givenJustSpentTokenWithinGrace_whenSessionRevoked_thenRevoked() {
        Session rotated = session.rotate(TokenId.random(), T0.plusSeconds(10), POLICY)
                .revoke(T0.plusSeconds(11), RevocationReason.LOGOUT);
        assertThat(rotated.judge(first, T0.plusSeconds(12), Duration.ofSeconds(5)))
                .isEqualTo(RefreshVerdict.REVOKED);
    }

    @Test
    void givenRevokedSession_whenAnyTokenPresented_thenRevokedWinsOverReuse() {
        Session revoked = session.revoke(T0.plusSeconds(1), RevocationReason.LOGOUT);
        assertThat(revoked.judge(first, T0.plusSeconds(2))).isEqualTo(RefreshVerdict.REVOKED);
        assertThat(revoked.judge(TokenId.random(), T0.plusSeconds(2))).isEqualTo(RefreshVerdict.REVOKED);
        assertThat(revoked.revoke(T0.plusSeconds(9), RevocationReason.LOGOUT_ALL))
                .isSameAs(revoked);
    }

    @Test
    void givenIdleOrAbsoluteDeadlinePassed_whenPresented_thenExpired() {
        assertThat(session.judge(first, T0.plus(Duration.ofDays(14)))).isEqualTo(RefreshVerdict.EXPIRED);
        Session late = session.rotate(first, T0.plus(Duration.ofDays(25)), POLICY);
        assertThat(late.idleExpiresAt()).as("idle deadline capped by absolute").isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(late.judge(first, T0.plus(Duration.ofDays(30)))).isEqualTo(RefreshVerdict.EXPIRED);
    }

    @Test
    void givenAbsoluteShorterThanIdle_whenPolicyBuilt_thenRefused() {
        assertThatThrownBy(() -> new SessionPolicy(Duration.ofDays(2), Duration.ofDays(1)))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void givenSecretValues_whenPrinted_thenRedacted() {
        assertThat(new Password("hunter2hunter2").toString()).doesNotContain("hunter2");
        assertThat(new PasswordHash("$argon2id$v=19$secret").toString()).doesNotContain("secret");
    }

    @Test
    void givenEmailVariants_whenParsed_thenNormalizedOrRefused() {
        assertThat(new Email("  Ann@Example.COM ").value()).isEqualTo("ann@example.com");
        for (String bad : new String[] {
            "",
            "ann",
            "ann@",
            "@example.com",
            "ann@example",
            "a b@example.com",
            "ann@@example.com",
            "ann@example.com\r\nBcc: x@y.z"
        }) {
            assertThatThrownBy(() -> new Email(bad)).as(bad).isInstanceOf(InvalidValueException.class);
        }
    }

    @Test
    void givenControlCharactersInClientInfo_whenBuilt_thenStrippedAndBounded() {
        ClientInfo info = new ClientInfo("10.0.0.1\n", "agent\r\nX-Injected: yes" + "a".repeat(1000));
        assertThat(info.userAgent()).doesNotContain("\r").doesNotContain("\n").hasSize(ClientInfo.MAX_USER_AGENT);
        assertThat(info.ip()).isEqualTo("10.0.0.1");
    }
}
