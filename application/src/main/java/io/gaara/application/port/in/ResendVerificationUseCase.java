package io.gaara.application.port.in;

import java.time.Duration;

/**
 * Sends a new verification link to the address if it has an account not yet verified, and answers the same either way,
 * in the same time: the caller learns nothing about which addresses have accounts.
 */
public interface ResendVerificationUseCase {
    /**
     * @return how much longer the answer must wait so that it takes the same time whatever the address
     * @throws io.gaara.application.TooManyAttemptsException when the source asked too often
     */
    Duration resendVerification(ResendVerificationCommand command);
}
