package io.gaara.adapters.http;

import io.gaara.application.port.in.LoginUseCase;
import io.gaara.application.port.in.RegisterUseCase;
import io.gaara.application.port.in.UseCases;

/** The application with one use case swapped for a test's own (one that fails, stalls or leaks). */
final class SwappedUseCases {
    private SwappedUseCases() {}

    static UseCases withRegister(UseCases u, RegisterUseCase register) {
        return with(u, register, u.login());
    }

    static UseCases withLogin(UseCases u, LoginUseCase login) {
        return with(u, u.register(), login);
    }

    private static UseCases with(UseCases u, RegisterUseCase register, LoginUseCase login) {
        return new UseCases(
                register,
                login,
                u.refresh(),
                u.logout(),
                u.logoutAll(),
                u.authenticate(),
                u.currentUser(),
                u.listSessions(),
                u.endSession(),
                u.changePassword(),
                u.forgotPassword(),
                u.resetPassword(),
                u.verifyEmail(),
                u.resendVerification(),
                u.changeEmail(),
                u.deleteAccount());
    }
}
