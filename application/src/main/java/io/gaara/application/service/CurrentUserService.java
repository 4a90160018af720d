package io.gaara.application.service;

import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.port.in.CurrentUserUseCase;
import io.gaara.application.port.in.Principal;
import io.gaara.application.port.in.UserView;
import io.gaara.application.port.out.persistence.UserRepository;

public final class CurrentUserService implements CurrentUserUseCase {
    private final UserRepository users;

    public CurrentUserService(UserRepository users) {
        this.users = users;
    }

    @Override
    public UserView currentUser(Principal principal) {
        return users.findById(principal.userId())
                .map(u -> new UserView(u.id(), u.email(), u.emailVerified(), u.createdAt()))
                // a valid token for a user who no longer exists is as good as no token
                .orElseThrow(
                        () -> new InvalidAccessTokenException("The account of this access token no longer exists."));
    }
}
