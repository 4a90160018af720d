package io.gaara.application.port.in;

/**
 * Creates an account with an email and a password, and sends a link that proves the address. Where addresses must be
 * proven before signing in, a taken address is answered like a free one and its owner is told by email instead.
 */
public interface RegisterUseCase {
    /**
     * @throws io.gaara.application.EmailAlreadyRegisteredException when the address is taken and addresses need no
     *     proof
     */
    Registration register(RegisterCommand command);
}
