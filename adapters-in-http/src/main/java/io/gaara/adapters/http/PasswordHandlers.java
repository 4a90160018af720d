package io.gaara.adapters.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gaara.adapters.http.Dtos.AcceptedResponse;
import io.gaara.application.port.in.ChangePasswordCommand;
import io.gaara.application.port.in.ForgotPasswordCommand;
import io.gaara.application.port.in.Principal;
import io.gaara.application.port.in.ResetPasswordCommand;
import io.gaara.application.port.in.UseCases;
import io.gaara.domain.Password;
import io.javalin.http.Context;
import java.time.Duration;

/** Password change (signed in), and the forgot → reset pair (by email link). */
final class PasswordHandlers {
    /** The one answer to every reset request, whether or not the address has an account. */
    static final AcceptedResponse FORGOT_ACCEPTED =
            new AcceptedResponse("If an account uses this address, a link to reset its password is on its way.");

    private final UseCases useCases;
    private final ObjectMapper mapper;
    private final HashingLane lane;

    PasswordHandlers(UseCases useCases, ObjectMapper mapper, HashingLane lane) {
        this.useCases = useCases;
        this.mapper = mapper;
        this.lane = lane;
    }

    /** Runs in the hashing lane: it verifies the current password and hashes the new one. */
    void change(Context ctx) {
        Principal principal = Requests.principal(ctx, useCases.authenticate());
        JsonBody body = JsonBody.read(ctx, mapper);
        useCases.changePassword()
                .changePassword(new ChangePasswordCommand(
                        principal,
                        new Password(body.requiredString("current_password")),
                        new Password(body.requiredString("new_password")),
                        Requests.client(ctx)));
        ctx.status(204);
    }

    /** On the request thread (no hashing), answered on the timer when the use case says. */
    void forgot(Context ctx) {
        JsonBody body = JsonBody.read(ctx, mapper);
        Duration wait = useCases.forgotPassword()
                .forgotPassword(new ForgotPasswordCommand(body.requiredString("email"), Requests.client(ctx)));
        ctx.status(202).json(FORGOT_ACCEPTED);
        ctx.future(() -> lane.answerAfter(wait));
    }

    /** Runs in the hashing lane: it hashes the new password. */
    void reset(Context ctx) {
        JsonBody body = JsonBody.read(ctx, mapper);
        useCases.resetPassword()
                .resetPassword(new ResetPasswordCommand(
                        body.requiredString("token"),
                        new Password(body.requiredString("new_password")),
                        Requests.client(ctx)));
        ctx.status(204);
    }
}
