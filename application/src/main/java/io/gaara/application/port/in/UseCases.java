package io.gaara.application.port.in;

import java.util.Objects;

/** Every use case the application offers, as the driving adapters (the HTTP API) receive them. */
public record UseCases(
        RegisterUseCase register,
        LoginUseCase login,
        RefreshSessionUseCase refresh,
        LogoutUseCase logout,
        LogoutAllUseCase logoutAll,
        AuthenticateUseCase authenticate,
        CurrentUserUseCase currentUser,
        ListSessionsUseCase listSessions,
        EndSessionUseCase endSession,
        ChangePasswordUseCase changePassword,
        ForgotPasswordUseCase forgotPassword,
        ResetPasswordUseCase resetPassword,
        VerifyEmailUseCase verifyEmail,
        ResendVerificationUseCase resendVerification,
        ChangeEmailUseCase changeEmail,
        DeleteAccountUseCase deleteAccount) {

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
        Objects.requireNonNull(changePassword, "changePassword");
        Objects.requireNonNull(forgotPassword, "forgotPassword");
        Objects.requireNonNull(resetPassword, "resetPassword");
        Objects.requireNonNull(verifyEmail, "verifyEmail");
        Objects.requireNonNull(resendVerification, "resendVerification");
        Objects.requireNonNull(changeEmail, "changeEmail");
        Objects.requireNonNull(deleteAccount, "deleteAccount");
    }
}
