package io.gaara.adapters.persistence.planted;

import io.gaara.application.port.in.LoginUseCase;

/** A planted violation for the architecture rules' own test: a driven adapter that calls a use case. */
public final class AdapterCallingUseCase {
    LoginUseCase login;
}
