package io.gaara.application.port.in;

/** Tells the caller who they are. */
public interface CurrentUserUseCase {
    UserView currentUser(Principal principal);
}
