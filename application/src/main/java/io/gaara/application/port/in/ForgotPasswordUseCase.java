package io.gaara.application.port.in;

import java.time.Duration;

/**
 * Sends a reset link to the address if it has an account, and answers the same either way: the caller learns nothing
 * about which addresses have accounts, not even from the time the answer takes.
 */
public interface ForgotPasswordUseCase {
    /**
     * @return how much longer the answer must wait so that it takes the same time whatever the address
     * @throws io.gaara.application.TooManyAttemptsException when the source asked too often
     */
    Duration forgotPassword(ForgotPasswordCommand command);
}
