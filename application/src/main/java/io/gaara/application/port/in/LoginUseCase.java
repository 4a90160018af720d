package io.gaara.application.port.in;

/** Checks an email and password and starts a session. */
public interface LoginUseCase {
    TokenPair login(LoginCommand command);
}
