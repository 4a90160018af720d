package io.gaara.application.port.in;

/** Ends every session of the caller, on every device. */
public interface LogoutAllUseCase {
    /** Returns how many sessions ended. */
    int logoutAll(LogoutAllCommand command);
}
