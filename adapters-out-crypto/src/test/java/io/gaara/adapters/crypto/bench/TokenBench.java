package io.gaara.adapters.crypto.bench;

import io.gaara.adapters.crypto.jwt.HmacKeyRing;
import io.gaara.adapters.crypto.jwt.JjwtAccessTokens;
import io.gaara.adapters.crypto.jwt.JwtSettings;
import io.gaara.application.port.out.crypto.AccessTokenClaims;
import io.gaara.domain.SessionId;
import io.gaara.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What an access token costs to issue and to verify (every authenticated request pays the latter). Run with {@code mvn
 * -pl adapters-out-crypto -Pbench test-compile exec:exec -Dbench.class=io.gaara.adapters.crypto.bench.TokenBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TokenBench {
    private JjwtAccessTokens tokens;
    private String token;
    private final UserId user = UserId.random();
    private final SessionId session = SessionId.random();

    @Setup
    public void setUp() {
        HmacKeyRing keys =
                HmacKeyRing.single("a-benchmark-secret-of-32-bytes-at-least".getBytes(StandardCharsets.UTF_8));
        tokens = new JjwtAccessTokens(keys, JwtSettings.of("https://auth.gaara.test", "gaara-api"), Clock.systemUTC());
        token = tokens.issue(user, session, false).value();
    }

    @Benchmark
    public String issueAccessToken() {
        return tokens.issue(user, session, false).value();
    }

    @Benchmark
    public AccessTokenClaims verifyAccessToken() {
        return tokens.verify(token);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(TokenBench.class.getName()).build()).run();
    }
}
