package io.gaara.application.port.in;

/** Sets a new password for a signed-in user: every other session ends on every instance, this one stays. */
public interface ChangePasswordUseCase {
    /**
     * @throws io.gaara.application.WrongPasswordException when the current password is wrong
     * @throws io.gaara.domain.WeakPasswordException when the new one breaks the policy
     */
    void changePassword(ChangePasswordCommand command);
}
