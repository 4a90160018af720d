package io.gaara.adapters.http.planted;

import io.gaara.application.port.out.persistence.UserRepository;

/** A planted violation for the architecture rules' own test: an HTTP handler that reads the repository. */
public final class HandlerReachingPastUseCases {
    UserRepository users;
}
