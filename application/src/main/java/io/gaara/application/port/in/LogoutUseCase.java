package io.gaara.application.port.in;

/** Ends the session a refresh token belongs to. */
public interface LogoutUseCase {
    void logout(LogoutCommand command);
}
