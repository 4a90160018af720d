package io.gaara.application.port.out.security;

import io.gaara.domain.ClientInfo;
import io.gaara.domain.FailedTokenUse;

/** Notes a failed token use by a client address, at once and without waiting for any storage. */
public interface SecurityLog {
    void failedTokenUse(FailedTokenUse kind, ClientInfo client);
}
