package io.gaara.application.port.out.planted;

import io.gaara.application.port.in.TokenPair;

/** A planted violation for the architecture rules' own test: an out-port returning an in-port type. */
public interface OutPortNamingInPort {
    TokenPair issue();
}
