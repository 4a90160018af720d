package io.gaara.application.port.out.email.planted;

import jakarta.mail.Message;

/** A planted violation for the architecture rules' own test: a port naming the mail library's types. */
public interface PortNamingMailLibrary {
    void send(Message message);
}
