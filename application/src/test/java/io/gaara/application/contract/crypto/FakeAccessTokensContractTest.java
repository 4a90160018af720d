package io.gaara.application.contract.crypto;

import io.gaara.application.fakes.FakeTokens;
import io.gaara.application.port.out.crypto.AccessTokens;
import java.time.Clock;
import java.time.Duration;

class FakeAccessTokensContractTest extends AccessTokensContract {
    @Override
    protected AccessTokens createAccessTokens(Clock clock) {
        return new FakeTokens(clock, Duration.ofMinutes(15)).accessTokens();
    }
}
