package io.gaara.application.service;

import static io.gaara.application.service.World.CLIENT;
import static io.gaara.application.service.World.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.InvalidCredentialsException;
import io.gaara.application.InvalidRefreshTokenException;
import io.gaara.application.WrongPasswordException;
import io.gaara.application.port.in.DeleteAccountCommand;
import io.gaara.application.port.in.ForgotPasswordCommand;
import io.gaara.application.port.in.LoginCommand;
import io.gaara.application.port.in.LogoutCommand;
import io.gaara.application.port.in.RefreshCommand;
import io.gaara.application.port.in.RegisteredUser;
import io.gaara.application.port.in.TokenPair;
import io.gaara.domain.AuditEvent;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.Email;
import io.gaara.domain.Password;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.Session;
import io.gaara.domain.UserId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The owner deletes the account, on the in-memory fakes. */
class AccountDeletionTest {
    private static final String EMAIL = "ann@example.com";

    private final World world = new World();

    @Test
    void givenAccountWithSessions_whenDeleted_thenGoneEverySessionEndedAndAnnouncedAndTheAddressFree() {
        RegisteredUser ann = world.registered(EMAIL);
        TokenPair here = world.loggedIn(EMAIL);
        TokenPair elsewhere = world.loggedIn(EMAIL);
        var hereSession = world.principalOf(here).sessionId();
        var elsewhereSession = world.principalOf(elsewhere).sessionId();

        world.deleteAccount.deleteAccount(
                new DeleteAccountCommand(world.principalOf(here), new Password(PASSWORD), CLIENT));

        assertThat(world.users.findById(ann.id())).isEmpty();
        assertThat(world.revocations.isRevoked(hereSession)).isTrue();
        assertThat(world.revocations.isRevoked(elsewhereSession)).isTrue();
        assertThatThrownBy(() -> world.principalOf(here)).isInstanceOf(InvalidAccessTokenException.class);
        assertThatThrownBy(() -> world.refresh.refresh(new RefreshCommand(elsewhere.refreshToken(), CLIENT)))
                .isInstanceOf(InvalidRefreshTokenException.class);
        assertThatThrownBy(() -> world.loggedIn(EMAIL)).isInstanceOf(InvalidCredentialsException.class);
        assertThat(world.registered(EMAIL).id()).as("the address is free again").isNotEqualTo(ann.id());
    }

    @Test
    void givenAccountWithHistory_whenDeleted_thenTrailKeptUnderOnePseudonymAndSessionsKeepNoClient() {
        RegisteredUser ann = world.registered(EMAIL);
        TokenPair pair = world.loggedIn(EMAIL);
        var session = world.principalOf(pair).sessionId();
        int eventsBefore = world.audit.events().size();

        world.deleteAccount.deleteAccount(
                new DeleteAccountCommand(world.principalOf(pair), new Password(PASSWORD), CLIENT));

        List<AuditEvent> events = world.audit.events();
        assertThat(events).hasSize(eventsBefore + 1).noneMatch(e -> ann.id().equals(e.userId()));
        UserId pseudonym =
                world.audit.eventsOf(AuditEventType.ACCOUNT_DELETED).get(0).userId();
        assertThat(pseudonym).isNotNull().isNotEqualTo(ann.id());
        assertThat(world.audit.eventsOf(AuditEventType.REGISTER))
                .singleElement()
                .returns(pseudonym, AuditEvent::userId);
        assertThat(world.audit.eventsOf(AuditEventType.LOGIN_SUCCESS))
                .singleElement()
                .returns(pseudonym, AuditEvent::userId);
        Session tombstone = world.sessions.findById(session).orElseThrow();
        assertThat(tombstone.userId()).isEqualTo(pseudonym);
        assertThat(tombstone.client().userAgent()).isEmpty();
        assertThat(tombstone.revocationReason()).isEqualTo(RevocationReason.ACCOUNT_DELETED);
    }

    @Test
    void givenPendingLinks_whenAccountDeleted_thenTheyNoLongerWork() {
        world.registered(EMAIL);
        TokenPair pair = world.loggedIn(EMAIL);
        world.forgotPassword.forgotPassword(new ForgotPasswordCommand(EMAIL, CLIENT));

        world.deleteAccount.deleteAccount(
                new DeleteAccountCommand(world.principalOf(pair), new Password(PASSWORD), CLIENT));

        assertThat(world.oneTimeTokens.tokens()).isEmpty();
    }

    @Test
    void givenWrongPassword_whenDeleteAsked_thenRefusedNothingDeletedAndCountedAsAFailedLogin() {
        RegisteredUser ann = world.registered(EMAIL);
        TokenPair pair = world.loggedIn(EMAIL);

        assertThatThrownBy(() -> world.deleteAccount.deleteAccount(
                        new DeleteAccountCommand(world.principalOf(pair), new Password("wrong guess"), CLIENT)))
                .isInstanceOf(WrongPasswordException.class);

        assertThat(world.users.findByEmail(new Email(EMAIL))).map(u -> u.id()).contains(ann.id());
        assertThat(world.principalOf(pair)).isNotNull();
        assertThat(world.attempts.stored()).isNotEmpty();
        assertThat(world.audit.eventsOf(AuditEventType.ACCOUNT_DELETE_FAILURE))
                .singleElement()
                .returns(ann.id(), AuditEvent::userId);
        assertThat(world.login.login(new LoginCommand(EMAIL, new Password(PASSWORD), CLIENT)))
                .isNotNull();
    }

    @Test
    void givenDeletedAccount_whenItsOldTokensArePresented_thenNoNewEventTiesThePseudonymBackToTheAccount() {
        RegisteredUser ann = world.registered(EMAIL);
        TokenPair pair = world.loggedIn(EMAIL);
        world.deleteAccount.deleteAccount(
                new DeleteAccountCommand(world.principalOf(pair), new Password(PASSWORD), CLIENT));

        assertThatThrownBy(() -> world.refresh.refresh(new RefreshCommand(pair.refreshToken(), CLIENT)))
                .isInstanceOf(InvalidRefreshTokenException.class);
        world.logout.logout(new LogoutCommand(pair.refreshToken(), CLIENT));

        assertThat(world.audit.events()).noneMatch(e -> ann.id().equals(e.userId()));
        assertThat(world.audit.eventsOf(AuditEventType.REFRESH_FAILURE)).isNotEmpty();
    }
}
