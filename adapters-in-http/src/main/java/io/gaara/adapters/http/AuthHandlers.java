package io.gaara.adapters.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gaara.adapters.http.Dtos.AcceptedResponse;
import io.gaara.adapters.http.Dtos.MeResponse;
import io.gaara.adapters.http.Dtos.RegisteredResponse;
import io.gaara.adapters.http.Dtos.TokenResponse;
import io.gaara.application.port.in.LoginCommand;
import io.gaara.application.port.in.LogoutAllCommand;
import io.gaara.application.port.in.LogoutCommand;
import io.gaara.application.port.in.Principal;
import io.gaara.application.port.in.RefreshCommand;
import io.gaara.application.port.in.RegisterCommand;
import io.gaara.application.port.in.RegisteredUser;
import io.gaara.application.port.in.Registration;
import io.gaara.application.port.in.UseCases;
import io.gaara.application.port.in.UserView;
import io.gaara.domain.Email;
import io.gaara.domain.Password;
import io.javalin.http.Context;

/** The register / login / refresh / logout / me endpoints: translate JSON to commands and back, nothing more. */
final class AuthHandlers {
    /** Where addresses must be proven: the one answer to a free address and to a taken one. */
    static final AcceptedResponse REGISTRATION_ACCEPTED = new AcceptedResponse(
            "Check your inbox: a link to confirm the address is on its way. If the address already has an account,"
                    + " its owner has been told instead.");

    private final UseCases useCases;
    private final ObjectMapper mapper;

    AuthHandlers(UseCases useCases, ObjectMapper mapper) {
        this.useCases = useCases;
        this.mapper = mapper;
    }

    void register(Context ctx) {
        JsonBody body = JsonBody.read(ctx, mapper);
        Registration registration = useCases.register()
                .register(new RegisterCommand(
                        new Email(body.requiredString("email")),
                        new Password(body.requiredString("password")),
                        Requests.client(ctx)));
        if (registration instanceof Registration.Created created) {
            RegisteredUser user = created.user();
            ctx.status(201)
                    .json(new RegisteredResponse(
                            user.id().toString(), user.email().value(), user.createdAt()));
        } else if (registration instanceof Registration.Accepted accepted) {
            ctx.status(202).json(REGISTRATION_ACCEPTED);
            Requests.holdAnswer(ctx, accepted.answerAfter());
        }
    }

    void login(Context ctx) {
        JsonBody body = JsonBody.read(ctx, mapper);
        var pair = useCases.login()
                .login(new LoginCommand(
                        body.requiredString("email"),
                        new Password(body.requiredString("password")),
                        Requests.client(ctx)));
        ctx.json(TokenResponse.of(pair));
    }

    void refresh(Context ctx) {
        JsonBody body = JsonBody.read(ctx, mapper);
        var pair = useCases.refresh()
                .refresh(new RefreshCommand(body.requiredString("refresh_token"), Requests.client(ctx)));
        ctx.json(TokenResponse.of(pair));
    }

    void logout(Context ctx) {
        JsonBody body = JsonBody.read(ctx, mapper);
        useCases.logout().logout(new LogoutCommand(body.requiredString("refresh_token"), Requests.client(ctx)));
        ctx.status(204);
    }

    void logoutAll(Context ctx) {
        Principal principal = Requests.principal(ctx, useCases.authenticate());
        useCases.logoutAll().logoutAll(new LogoutAllCommand(principal, Requests.client(ctx)));
        ctx.status(204);
    }

    void me(Context ctx) {
        Principal principal = Requests.principal(ctx, useCases.authenticate());
        UserView user = useCases.currentUser().currentUser(principal);
        ctx.json(new MeResponse(user.id().toString(), user.email().value(), user.emailVerified(), user.createdAt()));
    }
}
