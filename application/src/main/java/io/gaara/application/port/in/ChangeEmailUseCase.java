package io.gaara.application.port.in;

import java.time.Duration;

/**
 * A signed-in user asks to move the account to a new address: a link goes to the new address, a notice to the current
 * one, and nothing changes until the link is followed ({@link VerifyEmailUseCase}).
 */
public interface ChangeEmailUseCase {
    /**
     * @return how much longer the answer must wait, so that it takes the same time whether the new address is free or
     *     (where that is not told) taken
     * @throws io.gaara.application.WrongPasswordException when the password is wrong
     * @throws io.gaara.application.EmailAlreadyRegisteredException when the address is taken and addresses need no
     *     proof
     */
    Duration changeEmail(ChangeEmailCommand command);
}
