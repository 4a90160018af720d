package io.gaara.application.port.in;

/** Creates an account with an email and a password. */
public interface RegisterUseCase {
    RegisteredUser register(RegisterCommand command);
}
