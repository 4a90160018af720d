package io.gaara.application.port.in;

/** Ends one of the caller's own sessions (ASVS 7.5.2). */
public interface EndSessionUseCase {
    void endSession(EndSessionCommand command);
}
