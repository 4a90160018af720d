package io.gaara.adapters.http;

import io.gaara.application.port.in.AuthenticateUseCase;
import io.gaara.application.port.in.CurrentUserUseCase;
import io.gaara.application.port.in.EndSessionUseCase;
import io.gaara.application.port.in.ListSessionsUseCase;
import io.gaara.application.port.in.LoginUseCase;
import io.gaara.application.port.in.LogoutAllUseCase;
import io.gaara.application.port.in.LogoutUseCase;
import io.gaara.application.port.in.RefreshSessionUseCase;
import io.gaara.application.port.in.RegisterUseCase;
import java.util.Objects;

/** Everything the HTTP API can ask the application to do. */
public record UseCases(
        RegisterUseCase register,
        LoginUseCase login,
        RefreshSessionUseCase refresh,
        LogoutUseCase logout,
        LogoutAllUseCase logoutAll,
        AuthenticateUseCase authenticate,
        CurrentUserUseCase currentUser,
        ListSessionsUseCase listSessions,
        EndSessionUseCase endSession) {

    public UseCases {
        Objects.requireNonNull(register, "register");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(refresh, "refresh");
        Objects.requireNonNull(logout, "logout");
        Objects.requireNonNull(logoutAll, "logoutAll");
        Objects.requireNonNull(authenticate, "authenticate");
        Objects.requireNonNull(currentUser, "currentUser");
        Objects.requireNonNull(listSessions, "listSessions");
        Objects.requireNonNull(endSession, "endSession");
    }
}
