/**
 * Secrets (keys, the database URL) and the audit of every access to them. No use case calls these ports: they serve the
 * adapters that need key material (the token key rings in {@code adapters-out-crypto}, the rotating database
 * credentials in {@code adapters-out-persistence}), the composition root and the {@code secrets} CLI. They live in
 * {@code application} so that every adapter depends on one port rather than on another adapter. Implemented by
 * {@code adapters-out-secrets}; contract tests in {@code io.gaara.application.contract.secrets}.
 */
package io.gaara.application.port.out.secrets;
