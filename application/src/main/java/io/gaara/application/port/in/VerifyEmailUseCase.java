package io.gaara.application.port.in;

/**
 * Spends a link that proves an address: the account's own address after registration, or the new address of an email
 * change, which then becomes the account's address.
 */
public interface VerifyEmailUseCase {
    /**
     * @return the address now proven
     * @throws io.gaara.application.InvalidTokenException for an unknown, spent, expired, replaced or foreign token
     * @throws io.gaara.application.EmailAlreadyRegisteredException when another account took the new address meanwhile
     */
    VerifiedEmail verifyEmail(VerifyEmailCommand command);
}
