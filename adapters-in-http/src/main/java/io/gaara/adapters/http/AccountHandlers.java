package io.gaara.adapters.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gaara.adapters.http.Dtos.AcceptedResponse;
import io.gaara.adapters.http.Dtos.VerifiedResponse;
import io.gaara.application.port.in.ChangeEmailCommand;
import io.gaara.application.port.in.DeleteAccountCommand;
import io.gaara.application.port.in.Principal;
import io.gaara.application.port.in.ResendVerificationCommand;
import io.gaara.application.port.in.UseCases;
import io.gaara.application.port.in.VerifiedEmail;
import io.gaara.application.port.in.VerifyEmailCommand;
import io.gaara.domain.Email;
import io.gaara.domain.Password;
import io.javalin.http.Context;
import java.time.Duration;

/** The account's address (prove it, ask for the link again, move to a new one) and the account's deletion. */
final class AccountHandlers {
    /** The one answer to every resend request, whether or not the address has an account to verify. */
    static final AcceptedResponse RESEND_ACCEPTED = new AcceptedResponse(
            "If an account uses this address and it is not verified yet, a new link is on its way.");
    /** The answer to an email change, whether the new address was free or (where that is not told) taken. */
    static final AcceptedResponse CHANGE_ACCEPTED = new AcceptedResponse(
            "A link to confirm the new address is on its way to it; the change takes effect when it is followed.");

    private final UseCases useCases;
    private final ObjectMapper mapper;
    private final HashingLane lane;

    AccountHandlers(UseCases useCases, ObjectMapper mapper, HashingLane lane) {
        this.useCases = useCases;
        this.mapper = mapper;
        this.lane = lane;
    }

    void verify(Context ctx) {
        JsonBody body = JsonBody.read(ctx, mapper);
        VerifiedEmail verified = useCases.verifyEmail()
                .verifyEmail(new VerifyEmailCommand(body.requiredString("token"), Requests.client(ctx)));
        ctx.json(new VerifiedResponse(verified.email().value(), true));
    }

    void resend(Context ctx) {
        JsonBody body = JsonBody.read(ctx, mapper);
        Duration wait = useCases.resendVerification()
                .resendVerification(new ResendVerificationCommand(body.requiredString("email"), Requests.client(ctx)));
        ctx.status(202).json(RESEND_ACCEPTED);
        ctx.future(() -> lane.answerAfter(wait));
    }

    /** Runs in the hashing lane: it verifies the password. */
    void changeEmail(Context ctx) {
        Principal principal = Requests.principal(ctx, useCases.authenticate());
        JsonBody body = JsonBody.read(ctx, mapper);
        Duration wait = useCases.changeEmail()
                .changeEmail(new ChangeEmailCommand(
                        principal,
                        new Email(body.requiredString("new_email")),
                        new Password(body.requiredString("password")),
                        Requests.client(ctx)));
        ctx.status(202).json(CHANGE_ACCEPTED);
        Requests.holdAnswer(ctx, wait);
    }

    /** Runs in the hashing lane: it verifies the password. */
    void delete(Context ctx) {
        Principal principal = Requests.principal(ctx, useCases.authenticate());
        JsonBody body = JsonBody.read(ctx, mapper);
        useCases.deleteAccount()
                .deleteAccount(new DeleteAccountCommand(
                        principal, new Password(body.requiredString("password")), Requests.client(ctx)));
        ctx.status(204);
    }
}
