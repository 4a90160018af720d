package io.gaara.application.port.in;

/** Sets a new password with a reset token: the token is spent, and every session of the user ends on every instance. */
public interface ResetPasswordUseCase {
    /**
     * @throws io.gaara.application.InvalidTokenException when the token is unknown, spent, expired, revoked or of
     *     another flow (one answer for all)
     * @throws io.gaara.domain.WeakPasswordException when the new password breaks the policy
     */
    void resetPassword(ResetPasswordCommand command);
}
