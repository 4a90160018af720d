package io.gaara.application.service;

import static io.gaara.application.service.World.CLIENT;
import static io.gaara.application.service.World.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.InvalidCredentialsException;
import io.gaara.application.InvalidRefreshTokenException;
import io.gaara.application.InvalidTokenException;
import io.gaara.application.TooManyAttemptsException;
import io.gaara.application.WrongPasswordException;
import io.gaara.application.fakes.InMemoryEmailOutbox;
import io.gaara.application.port.in.ChangePasswordCommand;
import io.gaara.application.port.in.ForgotPasswordCommand;
import io.gaara.application.port.in.LoginCommand;
import io.gaara.application.port.in.RefreshCommand;
import io.gaara.application.port.in.ResetPasswordCommand;
import io.gaara.application.port.in.TokenPair;
import io.gaara.application.port.out.email.EmailTemplate;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.Email;
import io.gaara.domain.Password;
import io.gaara.domain.WeakPasswordException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Password change, and forgot → reset by email link, on the in-memory fakes. */
class PasswordRecoveryTest {
    private static final String EMAIL = "ann@example.com";
    private static final String NEW_PASSWORD = "a brand new passphrase";

    private final World world = new World();

    private List<InMemoryEmailOutbox.Message> mail(EmailTemplate template) {
        return world.outbox.messages().stream()
                .filter(m -> m.email().template() == template)
                .toList();
    }

    /** The token in the latest reset link, as the front end reads it from the fragment. */
    private String resetToken() {
        List<InMemoryEmailOutbox.Message> resets = mail(EmailTemplate.PASSWORD_RESET);
        String link = resets.get(resets.size() - 1).email().params().get("link");
        assertThat(link).startsWith("https://app.example.com/reset-password#token=");
        return link.substring(link.indexOf("#token=") + "#token=".length());
    }

    private void forgot(String email) {
        world.forgotPassword.forgotPassword(new ForgotPasswordCommand(email, CLIENT));
    }

    private void reset(String token, String password) {
        world.resetPassword.resetPassword(new ResetPasswordCommand(token, new Password(password), CLIENT));
    }

    @Test
    void givenSignedInUser_whenPasswordChanged_thenOtherSessionsEndThisOneStaysAndTheOwnerIsTold() {
        world.registered(EMAIL);
        TokenPair here = world.loggedIn(EMAIL);
        TokenPair elsewhere = world.loggedIn(EMAIL);
        var elsewhereSession = world.principalOf(elsewhere).sessionId();

        world.changePassword.changePassword(new ChangePasswordCommand(
                world.principalOf(here), new Password(PASSWORD), new Password(NEW_PASSWORD), CLIENT));

        assertThat(world.refresh.refresh(new RefreshCommand(here.refreshToken(), CLIENT)))
                .isNotNull();
        assertThatThrownBy(() -> world.refresh.refresh(new RefreshCommand(elsewhere.refreshToken(), CLIENT)))
                .isInstanceOf(InvalidRefreshTokenException.class);
        assertThat(world.revocations.isRevoked(elsewhereSession))
                .as("announced to every instance")
                .isTrue();
        assertThatThrownBy(() -> world.login.login(new LoginCommand(EMAIL, new Password(PASSWORD), CLIENT)))
                .isInstanceOf(InvalidCredentialsException.class);
        assertThat(world.login.login(new LoginCommand(EMAIL, new Password(NEW_PASSWORD), CLIENT)))
                .isNotNull();
        assertThat(mail(EmailTemplate.PASSWORD_CHANGED)).hasSize(1);
        assertThat(world.audit.eventsOf(AuditEventType.PASSWORD_CHANGED)).hasSize(1);
    }

    @Test
    void givenWrongCurrentPassword_whenChanged_thenRefusedCountedAndNothingChanges() {
        world.registered(EMAIL);
        TokenPair here = world.loggedIn(EMAIL);

        assertThatThrownBy(() -> world.changePassword.changePassword(new ChangePasswordCommand(
                        world.principalOf(here), new Password("not my password"), new Password(NEW_PASSWORD), CLIENT)))
                .isInstanceOf(WrongPasswordException.class);

        assertThat(world.login.login(new LoginCommand(EMAIL, new Password(PASSWORD), CLIENT)))
                .isNotNull();
        assertThat(mail(EmailTemplate.PASSWORD_CHANGED)).isEmpty();
        assertThat(world.audit.eventsOf(AuditEventType.PASSWORD_CHANGE_FAILURE)).hasSize(1);
    }

    @Test
    void givenForgottenPassword_whenTheLinkIsUsed_thenNewPasswordWorksEverySessionEndsAndTheLinkIsSpent() {
        world.registered(EMAIL);
        TokenPair before = world.loggedIn(EMAIL);

        forgot(EMAIL);
        String token = resetToken();
        reset(token, NEW_PASSWORD);

        assertThatThrownBy(() -> world.refresh.refresh(new RefreshCommand(before.refreshToken(), CLIENT)))
                .isInstanceOf(InvalidRefreshTokenException.class);
        assertThat(world.login.login(new LoginCommand(EMAIL, new Password(NEW_PASSWORD), CLIENT)))
                .isNotNull();
        assertThatThrownBy(() -> reset(token, "yet another passphrase"))
                .as("spent")
                .isInstanceOf(InvalidTokenException.class);
        assertThat(mail(EmailTemplate.PASSWORD_CHANGED)).hasSize(1);
        assertThat(world.audit.eventsOf(AuditEventType.PASSWORD_RESET_REQUESTED))
                .hasSize(1);
        assertThat(world.audit.eventsOf(AuditEventType.PASSWORD_RESET)).hasSize(1);
    }

    @Test
    void givenUnknownAddress_whenForgot_thenSameAnswerAndNoMailAndNothingRecordedAgainstAnAccount() {
        world.registered(EMAIL);

        forgot(EMAIL);
        forgot("nobody@example.com");
        forgot("not an email");

        assertThat(mail(EmailTemplate.PASSWORD_RESET))
                .extracting(m -> m.email().to().value())
                .containsExactly(EMAIL);
        assertThat(world.audit.eventsOf(AuditEventType.PASSWORD_RESET_REQUESTED))
                .hasSize(1)
                .allSatisfy(e -> assertThat(e.userId())
                        .isEqualTo(world.users
                                .findByEmail(new Email(EMAIL))
                                .orElseThrow()
                                .id()));
    }

    /**
     * The existing account's path writes a token, an email and an audit event; the others only look the address up. On
     * a clock that moves {@code STEP} at every read, that path takes longer, and the wait the service returns must make
     * up the difference: every kind of address is answered at the same moment after its request began, at least the
     * floor. A service returning the floor unadjusted would answer the existing account later, by the extra time its
     * writes took.
     */
    @Test
    void givenExistingAccountsPathTakingLonger_whenForgot_thenTheReturnedWaitsMakeEveryAddressAnswerAtTheSameMoment() {
        Duration step = Duration.ofMillis(100);
        world.registered(EMAIL);
        Map<String, Duration> worked = new LinkedHashMap<>();
        Map<String, Duration> answeredAfter = new LinkedHashMap<>();

        for (String address : List.of(EMAIL, "nobody@example.com", "not an email")) {
            Instant began = world.clock.instant();
            world.clock.advanceOnEveryRead(step);
            Duration wait = world.forgotPassword.forgotPassword(new ForgotPasswordCommand(address, CLIENT));
            world.clock.advanceOnEveryRead(Duration.ZERO);
            Instant returned = world.clock.instant();
            worked.put(address, Duration.between(began, returned));
            answeredAfter.put(address, Duration.between(began, returned.plus(wait)));
        }

        assertThat(worked.get(EMAIL))
                .as("the existing account's path took longer (%s)", worked)
                .isGreaterThan(worked.get("nobody@example.com"));
        assertThat(answeredAfter.values())
                .as("answered after the request began, by address: %s", answeredAfter)
                .containsOnly(answeredAfter.get("nobody@example.com"));
        // the service looks at the clock last just before it returns: the step of that read is the only time after it
        assertThat(answeredAfter.get(EMAIL)).isBetween(World.LOGIN_FAILURE_FLOOR, World.LOGIN_FAILURE_FLOOR.plus(step));
    }

    @Test
    void givenExpiredNewerOrOtherFlowsToken_whenReset_thenOneRefusalForAll() {
        world.registered(EMAIL);
        forgot(EMAIL);
        String first = resetToken();
        forgot(EMAIL);
        String second = resetToken();

        assertThatThrownBy(() -> reset(first, NEW_PASSWORD))
                .as("replaced by a newer link")
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> reset("not-a-token", NEW_PASSWORD)).isInstanceOf(InvalidTokenException.class);

        world.clock.advance(Duration.ofMinutes(31));
        assertThatThrownBy(() -> reset(second, NEW_PASSWORD)).as("expired").isInstanceOf(InvalidTokenException.class);
        assertThat(world.login.login(new LoginCommand(EMAIL, new Password(PASSWORD), CLIENT)))
                .isNotNull();
    }

    @Test
    void givenLinkIssuedBeforeAPasswordChange_whenUsed_thenRefused() {
        world.registered(EMAIL);
        forgot(EMAIL);
        String token = resetToken();
        TokenPair here = world.loggedIn(EMAIL);

        world.changePassword.changePassword(new ChangePasswordCommand(
                world.principalOf(here), new Password(PASSWORD), new Password(NEW_PASSWORD), CLIENT));

        assertThatThrownBy(() -> reset(token, "attacker's passphrase")).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void givenWeakNewPassword_whenReset_thenRefusedAndTheLinkStillWorks() {
        world.registered(EMAIL);
        forgot(EMAIL);
        String token = resetToken();

        assertThatThrownBy(() -> reset(token, "short")).isInstanceOf(WeakPasswordException.class);
        reset(token, NEW_PASSWORD);

        assertThat(world.login.login(new LoginCommand(EMAIL, new Password(NEW_PASSWORD), CLIENT)))
                .isNotNull();
    }

    @Test
    void givenManyRequestsForOneAddress_whenForgot_thenOnlyThreeMailsAnHourAndTheAnswerNeverChanges() {
        world.registered(EMAIL);
        for (int i = 0; i < 6; i++) {
            forgot(EMAIL);
        }
        assertThat(mail(EmailTemplate.PASSWORD_RESET)).hasSize(AddressRequests.PER_ACCOUNT);

        world.clock.advance(Duration.ofHours(1).plusSeconds(1));
        forgot(EMAIL);
        assertThat(mail(EmailTemplate.PASSWORD_RESET)).hasSize(AddressRequests.PER_ACCOUNT + 1);
    }

    @Test
    void givenOneSourceAskingTooOften_whenForgot_thenRefusedWithoutSayingAnythingOfTheAddress() {
        ClientInfo source = new ClientInfo("198.51.100.9", "bot");
        for (int i = 0; i < AddressRequests.PER_SOURCE; i++) {
            world.forgotPassword.forgotPassword(new ForgotPasswordCommand("user" + i + "@example.com", source));
        }
        assertThatThrownBy(() ->
                        world.forgotPassword.forgotPassword(new ForgotPasswordCommand("someone@example.com", source)))
                .isInstanceOf(TooManyAttemptsException.class);
    }
}
