package io.gaara.adapters.crypto.jwt;

import io.gaara.application.contract.crypto.RefreshTokensContract;
import io.gaara.application.port.out.crypto.RefreshTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

class JjwtRefreshTokensContractTest extends RefreshTokensContract {
    @Override
    protected RefreshTokens createRefreshTokens(Clock clock) {
        HmacKeyRing keys = HmacKeyRing.single("refresh-secret-that-is-32-bytes-long".getBytes(StandardCharsets.UTF_8));
        return new JjwtRefreshTokens(keys, JwtSettings.of("https://auth.gaara.test", "gaara-api"), clock);
    }
}
