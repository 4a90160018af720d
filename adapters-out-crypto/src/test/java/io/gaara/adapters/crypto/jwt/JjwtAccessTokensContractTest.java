package io.gaara.adapters.crypto.jwt;

import io.gaara.application.contract.crypto.AccessTokensContract;
import io.gaara.application.port.out.crypto.AccessTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

class JjwtAccessTokensContractTest extends AccessTokensContract {
    @Override
    protected AccessTokens createAccessTokens(Clock clock) {
        HmacKeyRing keys = HmacKeyRing.single("access-secret-that-is-32-bytes-long!".getBytes(StandardCharsets.UTF_8));
        return new JjwtAccessTokens(keys, JwtSettings.of("https://auth.gaara.test", "gaara-api"), clock);
    }
}
