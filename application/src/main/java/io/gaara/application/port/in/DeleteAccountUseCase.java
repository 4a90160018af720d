package io.gaara.application.port.in;

/**
 * The owner deletes the account: it and its links are gone, every session ends on every instance, and the audit trail
 * keeps what happened under a pseudonym.
 */
public interface DeleteAccountUseCase {
    /** @throws io.gaara.application.WrongPasswordException when the password is wrong */
    void deleteAccount(DeleteAccountCommand command);
}
