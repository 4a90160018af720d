package io.gaara.application.port.in;

/** Spends a refresh token for a new token pair of the same session. */
public interface RefreshSessionUseCase {
    TokenPair refresh(RefreshCommand command);
}
