/**
 * What the use cases need from cryptography: password hashes and the signed access and refresh tokens. Implemented by
 * {@code adapters-out-crypto}; each port has a contract test in {@code io.gaara.application.contract.crypto}.
 */
package io.gaara.application.port.out.crypto;
