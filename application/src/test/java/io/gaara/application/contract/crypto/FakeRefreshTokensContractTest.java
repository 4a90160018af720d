package io.gaara.application.contract.crypto;

import io.gaara.application.fakes.FakeTokens;
import io.gaara.application.port.out.crypto.RefreshTokens;
import java.time.Clock;
import java.time.Duration;

class FakeRefreshTokensContractTest extends RefreshTokensContract {
    @Override
    protected RefreshTokens createRefreshTokens(Clock clock) {
        return new FakeTokens(clock, Duration.ofMinutes(15)).refreshTokens();
    }
}
