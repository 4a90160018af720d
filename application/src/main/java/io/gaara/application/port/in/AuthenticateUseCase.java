package io.gaara.application.port.in;

/** Turns a bearer access token into the caller, refusing tokens of ended sessions; no database on this path. */
public interface AuthenticateUseCase {
    /**
     * Throws {@link io.gaara.application.InvalidAccessTokenException} for anything but a good token of a live session.
     */
    Principal authenticate(AuthenticateCommand command);
}
