package io.gaara.adapters.email.planted;

import io.gaara.application.port.in.ForgotPasswordUseCase;

/** A planted violation for the architecture rules' own test: an email adapter that calls a use case. */
public final class EmailAdapterCallingUseCase {
    ForgotPasswordUseCase forgot;
}
