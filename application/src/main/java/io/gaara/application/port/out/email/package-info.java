/**
 * What the use cases need to reach users by email: a durable outbox written in the same transaction as the token a
 * message carries, a renderer that turns a queued message into text and HTML from templates, and a sender that hands it
 * to a provider (SendGrid, SMTP, a file in development). Implemented by {@code adapters-out-persistence} (the outbox)
 * and {@code adapters-out-email} (renderer and senders); contract tests in {@code io.gaara.application.contract.email}.
 */
package io.gaara.application.port.out.email;
