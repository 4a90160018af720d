/**
 * Email out of Gaara: {@link io.gaara.adapters.email.TemplateEmailRenderer} turns a queued message into text and HTML
 * from templates, and one {@link io.gaara.application.port.out.email.EmailSender} hands it to the provider chosen by
 * {@link io.gaara.adapters.email.EmailSettings}: SendGrid's v3 API, an SMTP server, or (in development) a file per
 * message. Keys and passwords arrive as suppliers reading the secrets platform at each send, so a rotation needs no
 * restart; no body, token, key or password is ever logged or put in an exception message.
 */
package io.gaara.adapters.email;
