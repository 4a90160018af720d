package io.gaara.application.port.in.planted;

import io.gaara.application.port.out.crypto.IssuedToken;

/** A planted violation for the architecture rules' own test: an in-port type exposing an out-port type. */
public record InPortNamingOutPort(IssuedToken token) {}
