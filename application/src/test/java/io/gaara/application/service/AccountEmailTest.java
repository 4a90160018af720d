package io.gaara.application.service;

import static io.gaara.application.service.World.CLIENT;
import static io.gaara.application.service.World.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.EmailAlreadyRegisteredException;
import io.gaara.application.EmailNotVerifiedException;
import io.gaara.application.InvalidTokenException;
import io.gaara.application.WrongPasswordException;
import io.gaara.application.fakes.InMemoryEmailOutbox;
import io.gaara.application.port.in.ChangeEmailCommand;
import io.gaara.application.port.in.ForgotPasswordCommand;
import io.gaara.application.port.in.LoginCommand;
import io.gaara.application.port.in.RefreshCommand;
import io.gaara.application.port.in.RegisterCommand;
import io.gaara.application.port.in.Registration;
import io.gaara.application.port.in.ResendVerificationCommand;
import io.gaara.application.port.in.ResetPasswordCommand;
import io.gaara.application.port.in.TokenPair;
import io.gaara.application.port.in.VerifiedEmail;
import io.gaara.application.port.in.VerifyEmailCommand;
import io.gaara.application.port.out.email.EmailTemplate;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.Email;
import io.gaara.domain.Password;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proving an address (on registration, on request), moving to a new one, on the in-memory fakes. */
class AccountEmailTest {
    private static final String EMAIL = "ann@example.com";
    private static final String NEW_EMAIL = "ann.new@example.com";

    private final World world = new World();

    private List<InMemoryEmailOutbox.Message> mail(World w, EmailTemplate template) {
        return w.outbox.messages().stream()
                .filter(m -> m.email().template() == template)
                .toList();
    }

    /** The token in the latest link of this kind, as the front end reads it from the fragment. */
    private String token(World w, EmailTemplate template, String page) {
        List<InMemoryEmailOutbox.Message> sent = mail(w, template);
        String link = sent.get(sent.size() - 1).email().params().get("link");
        assertThat(link).startsWith("https://app.example.com/" + page + "#token=");
        return link.substring(link.indexOf("#token=") + "#token=".length());
    }

    private VerifiedEmail verify(World w, String token) {
        return w.verifyEmail.verifyEmail(new VerifyEmailCommand(token, CLIENT));
    }

    private static boolean claimOf(World w, TokenPair pair) {
        return w.tokens.accessTokens().verify(pair.accessToken()).emailVerified();
    }

    @Test
    void givenNewAccount_whenLinkFollowed_thenVerifiedInMeAndInTheNextTokensClaim() {
        world.registered(EMAIL);
        TokenPair before = world.loggedIn(EMAIL);
        assertThat(mail(world, EmailTemplate.VERIFY_EMAIL))
                .singleElement()
                .satisfies(m -> assertThat(m.email().to()).isEqualTo(new Email(EMAIL)));
        assertThat(claimOf(world, before)).isFalse();
        assertThat(world.currentUser.currentUser(world.principalOf(before)).emailVerified())
                .isFalse();

        VerifiedEmail verified = verify(world, token(world, EmailTemplate.VERIFY_EMAIL, "verify-email"));

        assertThat(verified).isEqualTo(new VerifiedEmail(new Email(EMAIL), false));
        assertThat(world.currentUser.currentUser(world.principalOf(before)).emailVerified())
                .isTrue();
        TokenPair refreshed = world.refresh.refresh(new RefreshCommand(before.refreshToken(), CLIENT));
        assertThat(claimOf(world, refreshed))
                .as("a refresh reads the account again for the claim")
                .isTrue();
        assertThat(claimOf(world, world.loggedIn(EMAIL))).isTrue();
        assertThat(world.audit.eventsOf(AuditEventType.EMAIL_VERIFIED)).hasSize(1);
    }

    @Test
    void givenVerificationLink_whenReusedOrReplacedOrUsedForAnotherFlow_thenOneRefusalForAll() {
        world.registered(EMAIL);
        String first = token(world, EmailTemplate.VERIFY_EMAIL, "verify-email");
        world.resendVerification.resendVerification(new ResendVerificationCommand(EMAIL, CLIENT));
        String second = token(world, EmailTemplate.VERIFY_EMAIL, "verify-email");
        world.forgotPassword.forgotPassword(new ForgotPasswordCommand(EMAIL, CLIENT));
        String reset = token(world, EmailTemplate.PASSWORD_RESET, "reset-password");

        assertThatThrownBy(() -> verify(world, first)).as("replaced").isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> verify(world, reset)).as("another flow's").isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> world.resetPassword.resetPassword(
                        new ResetPasswordCommand(second, new Password("a brand new passphrase"), CLIENT)))
                .as("a verification link is no reset link")
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> verify(world, "not-a-token")).isInstanceOf(InvalidTokenException.class);
        verify(world, second);
        assertThatThrownBy(() -> verify(world, second)).as("spent").isInstanceOf(InvalidTokenException.class);
        assertThat(world.audit.eventsOf(AuditEventType.EMAIL_VERIFY_FAILURE)).hasSize(4);
    }

    @Test
    void givenVerificationLink_whenExpired_thenRefused() {
        world.registered(EMAIL);
        String token = token(world, EmailTemplate.VERIFY_EMAIL, "verify-email");

        world.clock.advance(world.recovery.verifyTokenTtl().plusSeconds(1));

        assertThatThrownBy(() -> verify(world, token)).isInstanceOf(InvalidTokenException.class);
        assertThat(world.users.findByEmail(new Email(EMAIL)).orElseThrow().emailVerified())
                .isFalse();
    }

    @Test
    void givenResendForUnknownVerifiedOrUnverifiedAddress_whenAsked_thenSameWaitAndMailOnlyForTheUnverified() {
        world.registered(EMAIL);
        world.registered("proven@example.com");
        verify(world, token(world, EmailTemplate.VERIFY_EMAIL, "verify-email"));
        int before = mail(world, EmailTemplate.VERIFY_EMAIL).size();

        Duration unverified = world.resendVerification.resendVerification(new ResendVerificationCommand(EMAIL, CLIENT));
        Duration verified = world.resendVerification.resendVerification(
                new ResendVerificationCommand("proven@example.com", CLIENT));
        Duration unknown = world.resendVerification.resendVerification(
                new ResendVerificationCommand("nobody@example.com", CLIENT));

        assertThat(List.of(unverified, verified, unknown)).containsOnly(World.LOGIN_FAILURE_FLOOR);
        assertThat(mail(world, EmailTemplate.VERIFY_EMAIL))
                .hasSize(before + 1)
                .last()
                .satisfies(m -> assertThat(m.email().to()).isEqualTo(new Email(EMAIL)));
    }

    @Test
    void givenVerificationRequired_whenUnverifiedAccountLogsIn_thenDistinctRefusalOnlyWithTheRightPassword() {
        World strict = World.requiringVerifiedEmail();
        strict.registered(EMAIL);

        assertThatThrownBy(() -> strict.loggedIn(EMAIL)).isInstanceOf(EmailNotVerifiedException.class);
        assertThatThrownBy(() -> strict.login.login(new LoginCommand(EMAIL, new Password("wrong guess"), CLIENT)))
                .as("a wrong password says nothing about verification")
                .isNotInstanceOf(EmailNotVerifiedException.class);
        assertThat(strict.sessions.findActiveByUser(
                        strict.users.findByEmail(new Email(EMAIL)).orElseThrow().id(), strict.clock.instant()))
                .isEmpty();

        verify(strict, token(strict, EmailTemplate.VERIFY_EMAIL, "verify-email"));

        assertThat(claimOf(strict, strict.loggedIn(EMAIL))).isTrue();
    }

    @Test
    void givenVerificationRequired_whenTakenAndFreeAddressesRegister_thenSameAnswerAndTheOwnerIsTold() {
        World strict = World.requiringVerifiedEmail();
        Registration free =
                strict.register.register(new RegisterCommand(new Email(EMAIL), new Password(PASSWORD), CLIENT));
        Registration taken = strict.register.register(
                new RegisterCommand(new Email(EMAIL), new Password("another passphrase"), CLIENT));

        assertThat(free).isEqualTo(taken).isInstanceOf(Registration.Accepted.class);
        assertThat(mail(strict, EmailTemplate.REGISTRATION_ATTEMPT))
                .singleElement()
                .satisfies(m -> assertThat(m.email().to()).isEqualTo(new Email(EMAIL)));
        assertThat(strict.audit.eventsOf(AuditEventType.REGISTER_ADDRESS_TAKEN)).hasSize(1);
        assertThatThrownBy(
                        () -> strict.login.login(new LoginCommand(EMAIL, new Password("another passphrase"), CLIENT)))
                .as("the second registration changed nothing")
                .isNotInstanceOf(EmailNotVerifiedException.class);
    }

    @Test
    void givenVerificationRequired_whenTakenAddressRegisteredOverAndOver_thenTheOwnerGetsAFewNoticesAnHour() {
        World strict = World.requiringVerifiedEmail();
        strict.registered(EMAIL);
        for (int i = 0; i < 6; i++) {
            strict.register.register(new RegisterCommand(new Email(EMAIL), new Password(PASSWORD), CLIENT));
        }

        // the first registration's own verification email took one of the address's places
        assertThat(mail(strict, EmailTemplate.REGISTRATION_ATTEMPT)).hasSize(RegisterService.EMAILS_PER_ADDRESS - 1);
        strict.clock.advance(AddressRequests.WINDOW);
        strict.register.register(new RegisterCommand(new Email(EMAIL), new Password(PASSWORD), CLIENT));
        assertThat(mail(strict, EmailTemplate.REGISTRATION_ATTEMPT)).hasSize(RegisterService.EMAILS_PER_ADDRESS);
    }

    @Test
    void givenVerificationNotRequired_whenTakenAddressRegisters_thenRefusedAsBefore() {
        world.registered(EMAIL);

        assertThatThrownBy(() -> world.registered(EMAIL)).isInstanceOf(EmailAlreadyRegisteredException.class);
        assertThat(mail(world, EmailTemplate.REGISTRATION_ATTEMPT)).isEmpty();
    }

    @Test
    void givenSignedInUser_whenEmailChangeConfirmed_thenAccountMovesVerifiedAndOldLinksDie() {
        world.registered(EMAIL);
        TokenPair pair = world.loggedIn(EMAIL);
        world.forgotPassword.forgotPassword(new ForgotPasswordCommand(EMAIL, CLIENT));
        String resetToOldAddress = token(world, EmailTemplate.PASSWORD_RESET, "reset-password");

        world.changeEmail.changeEmail(
                new ChangeEmailCommand(world.principalOf(pair), new Email(NEW_EMAIL), new Password(PASSWORD), CLIENT));

        assertThat(mail(world, EmailTemplate.EMAIL_CHANGE_NOTICE))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.email().to()).isEqualTo(new Email(EMAIL));
                    assertThat(m.email().params()).containsEntry("new_email", NEW_EMAIL);
                });
        assertThat(mail(world, EmailTemplate.EMAIL_CHANGE_VERIFY))
                .singleElement()
                .satisfies(m -> assertThat(m.email().to()).isEqualTo(new Email(NEW_EMAIL)));
        assertThat(world.users.findByEmail(new Email(EMAIL)))
                .as("nothing changes before the new address is proven")
                .isPresent();

        VerifiedEmail moved = verify(world, token(world, EmailTemplate.EMAIL_CHANGE_VERIFY, "confirm-email-change"));

        assertThat(moved).isEqualTo(new VerifiedEmail(new Email(NEW_EMAIL), true));
        assertThat(world.users.findByEmail(new Email(EMAIL))).isEmpty();
        assertThat(world.currentUser.currentUser(world.principalOf(pair))).satisfies(me -> {
            assertThat(me.email()).isEqualTo(new Email(NEW_EMAIL));
            assertThat(me.emailVerified()).isTrue();
        });
        assertThat(world.loggedIn(NEW_EMAIL)).isNotNull();
        assertThatThrownBy(() -> world.resetPassword.resetPassword(
                        new ResetPasswordCommand(resetToOldAddress, new Password("a brand new passphrase"), CLIENT)))
                .as("a reset link sent to the old address dies with the move")
                .isInstanceOf(InvalidTokenException.class);
        assertThat(world.audit.eventsOf(AuditEventType.EMAIL_CHANGED)).hasSize(1);
    }

    @Test
    void givenWrongPassword_whenEmailChangeAsked_thenRefusedNothingSentAndCountedAsAFailedLogin() {
        world.registered(EMAIL);
        TokenPair pair = world.loggedIn(EMAIL);

        assertThatThrownBy(() -> world.changeEmail.changeEmail(new ChangeEmailCommand(
                        world.principalOf(pair), new Email(NEW_EMAIL), new Password("wrong guess"), CLIENT)))
                .isInstanceOf(WrongPasswordException.class);

        assertThat(mail(world, EmailTemplate.EMAIL_CHANGE_VERIFY)).isEmpty();
        assertThat(world.attempts.stored()).isNotEmpty();
        assertThat(world.audit.eventsOf(AuditEventType.EMAIL_CHANGE_FAILURE)).hasSize(1);
    }

    @Test
    void givenAddressTakenMeanwhile_whenChangeConfirmed_thenRefusedAndTheAccountKeepsItsAddress() {
        world.registered(EMAIL);
        TokenPair pair = world.loggedIn(EMAIL);
        world.changeEmail.changeEmail(
                new ChangeEmailCommand(world.principalOf(pair), new Email(NEW_EMAIL), new Password(PASSWORD), CLIENT));
        String token = token(world, EmailTemplate.EMAIL_CHANGE_VERIFY, "confirm-email-change");
        world.registered(NEW_EMAIL);

        assertThatThrownBy(() -> verify(world, token)).isInstanceOf(EmailAlreadyRegisteredException.class);

        assertThat(world.users.findByEmail(new Email(EMAIL))).isPresent();
    }

    @Test
    void givenTakenNewAddress_whenChangeAsked_thenRefusedOrAnsweredAsForAFreeOneAsRegistrationWouldBe() {
        world.registered(EMAIL);
        world.registered(NEW_EMAIL);
        TokenPair pair = world.loggedIn(EMAIL);
        assertThatThrownBy(() -> world.changeEmail.changeEmail(new ChangeEmailCommand(
                        world.principalOf(pair), new Email(NEW_EMAIL), new Password(PASSWORD), CLIENT)))
                .isInstanceOf(EmailAlreadyRegisteredException.class);

        World strict = World.requiringVerifiedEmail();
        strict.registered(EMAIL);
        strict.registered(NEW_EMAIL);
        verify(strict, token(strict, EmailTemplate.VERIFY_EMAIL, "verify-email"));
        TokenPair strictPair = strict.loggedIn(NEW_EMAIL);
        Duration toTaken = strict.changeEmail.changeEmail(new ChangeEmailCommand(
                strict.principalOf(strictPair), new Email(EMAIL), new Password(PASSWORD), CLIENT));
        Duration toFree = strict.changeEmail.changeEmail(new ChangeEmailCommand(
                strict.principalOf(strictPair), new Email("free@example.com"), new Password(PASSWORD), CLIENT));

        assertThat(toTaken).isEqualTo(toFree).isEqualTo(World.LOGIN_FAILURE_FLOOR);
        assertThat(mail(strict, EmailTemplate.EMAIL_CHANGE_NOTICE))
                .as("the requester's own inbox sees the same for both")
                .hasSize(2)
                .allSatisfy(m -> assertThat(m.email().to()).isEqualTo(new Email(NEW_EMAIL)));
        assertThat(mail(strict, EmailTemplate.EMAIL_CHANGE_VERIFY))
                .singleElement()
                .satisfies(m -> assertThat(m.email().to()).isEqualTo(new Email("free@example.com")));
        assertThat(strict.audit.eventsOf(AuditEventType.EMAIL_CHANGE_FAILURE)).hasSize(1);
    }

    @Test
    void givenStrangersAddress_whenChangeAskedOverAndOver_thenItGetsAFewLinksAnHourAtMost() {
        world.registered(EMAIL);
        TokenPair pair = world.loggedIn(EMAIL);
        for (int i = 0; i < 6; i++) {
            world.changeEmail.changeEmail(new ChangeEmailCommand(
                    world.principalOf(pair), new Email("stranger@example.com"), new Password(PASSWORD), CLIENT));
        }

        assertThat(mail(world, EmailTemplate.EMAIL_CHANGE_VERIFY)).hasSize(AddressRequests.PER_ACCOUNT);
    }

    @Test
    void givenUnverifiedAccount_whenPasswordResetThroughTheEmailedLink_thenTheAddressCountsAsVerified() {
        World strict = World.requiringVerifiedEmail();
        strict.registered(EMAIL);
        strict.forgotPassword.forgotPassword(new ForgotPasswordCommand(EMAIL, CLIENT));

        strict.resetPassword.resetPassword(new ResetPasswordCommand(
                token(strict, EmailTemplate.PASSWORD_RESET, "reset-password"),
                new Password("a brand new passphrase"),
                CLIENT));

        assertThat(strict.users.findByEmail(new Email(EMAIL)).orElseThrow().emailVerified())
                .isTrue();
        assertThat(claimOf(
                        strict,
                        strict.login.login(new LoginCommand(EMAIL, new Password("a brand new passphrase"), CLIENT))))
                .isTrue();
    }
}
