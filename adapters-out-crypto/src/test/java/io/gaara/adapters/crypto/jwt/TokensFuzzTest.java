package io.gaara.adapters.crypto.jwt;

import static io.gaara.adapters.crypto.jwt.HandMadeJwt.b64;
import static io.gaara.adapters.crypto.jwt.HandMadeJwt.hmac;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.InvalidRefreshTokenException;
import io.gaara.application.port.out.crypto.RefreshTokenClaims;
import io.gaara.domain.SessionId;
import io.gaara.domain.TokenId;
import io.gaara.domain.UserId;
import io.gaara.testsupport.Fuzz;
import io.gaara.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Fuzzes the access and refresh token parsers (docs/SECURITY.md, Fuzzing): whatever text arrives as a bearer or refresh
 * token, only a token we issued is accepted, and everything else is refused with the one documented exception, never
 * another exception or an error. The fuzzer's first choice picks the shape of the input: any text, an edited genuine
 * token, a token signed with our own key from claims known to be acceptable or not, or any JSON signed with our key.
 */
class TokensFuzzTest {
    private static final String ISSUER = "https://auth.gaara.test";
    private static final String AUDIENCE = "gaara-api";
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private static final long NOW = START.getEpochSecond();
    private static final byte[] ACCESS_SECRET = "access-secret-that-is-32-bytes-long!".getBytes(StandardCharsets.UTF_8);
    private static final byte[] REFRESH_SECRET = "refresh-secret-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8);
    private static final String SUBJECT = UUID.randomUUID().toString();
    private static final String SESSION = UUID.randomUUID().toString();
    private static final String TOKEN_ID = UUID.randomUUID().toString();

    private final MutableClock clock = new MutableClock(START);
    private final JwtSettings settings = JwtSettings.of(ISSUER, AUDIENCE);
    private final JjwtAccessTokens access =
            new JjwtAccessTokens(HmacKeyRing.of(HmacKey.of("a1", ACCESS_SECRET)), settings, clock);
    private final JjwtRefreshTokens refresh =
            new JjwtRefreshTokens(HmacKeyRing.of(HmacKey.of("r1", REFRESH_SECRET)), settings, clock);
    private final String genuineAccess =
            access.issue(UserId.random(), SessionId.random(), true).value();
    private final String genuineRefresh = refresh.issue(new RefreshTokenClaims(
                    SessionId.random(), TokenId.random(), UserId.random(), START.plus(30, ChronoUnit.DAYS)))
            .value();

    @FuzzTest
    void onlyATokenWeIssuedIsAccepted(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 5)) {
            case 0 -> refusedByBoth(data.consumeRemainingAsString());
            case 1 -> {
                String mutant = Fuzz.edit(genuineAccess, data, 4);
                if (!mutant.equals(genuineAccess)) {
                    refusedByBoth(mutant);
                }
            }
            case 2 -> {
                String mutant = Fuzz.edit(genuineRefresh, data, 4);
                if (!mutant.equals(genuineRefresh)) {
                    refusedByBoth(mutant);
                }
            }
            case 3 -> signedWithOurKey(data, "at+jwt", "a1", ACCESS_SECRET, REFRESH_SECRET);
            case 4 -> signedWithOurKey(data, "rt+jwt", "r1", REFRESH_SECRET, ACCESS_SECRET);
            default -> {
                // the claims parser behind a passing signature, fed any text as header and payload
                boolean asAccess = data.consumeBoolean();
                String header = data.consumeString(200);
                String payload = data.consumeRemainingAsString();
                String token = hmac("HmacSHA256", asAccess ? ACCESS_SECRET : REFRESH_SECRET, header, payload);
                try {
                    if (asAccess) {
                        access.verify(token);
                    } else {
                        refresh.verify(token);
                    }
                } catch (InvalidAccessTokenException | InvalidRefreshTokenException refused) {
                    // the documented refusal; any other exception fails the test
                }
            }
        }
    }

    private void refusedByBoth(String text) {
        assertThatThrownBy(() -> access.verify(text)).isExactlyInstanceOf(InvalidAccessTokenException.class);
        assertThatThrownBy(() -> refresh.verify(text)).isExactlyInstanceOf(InvalidRefreshTokenException.class);
    }

    /**
     * Each header member and claim is picked from values known to be acceptable or not; the token must be accepted
     * exactly when every pick is acceptable and the signature is ours.
     */
    private void signedWithOurKey(FuzzedDataProvider data, String type, String kid, byte[] secret, byte[] other) {
        String otherType = type.equals("at+jwt") ? "rt+jwt" : "at+jwt";
        Member header = joined(
                data,
                List.of(
                        new Member[] {
                            ok("\"alg\":\"HS256\""),
                            bad("\"alg\":\"none\""),
                            bad("\"alg\":\"HS384\""),
                            bad("\"alg\":\"RS256\""),
                            bad("\"alg\":\"hs256\""),
                            bad("\"alg\":256"),
                            bad("")
                        },
                        new Member[] {
                            ok("\"typ\":\"" + type + "\""),
                            ok("\"typ\":\"" + type.toUpperCase() + "\""),
                            ok("\"typ\":\"application/" + type + "\""),
                            bad("\"typ\":\"" + otherType + "\""),
                            bad("\"typ\":\"JWT\""),
                            bad("\"typ\":\"\""),
                            bad("")
                        },
                        new Member[] {ok("\"kid\":\"" + kid + "\""), bad("\"kid\":\"zz\""), bad("\"kid\":\"\""), bad("")
                        },
                        new Member[] {ok(""), ok("\"x\":\"y\""), bad("\"crit\":[\"exp\"]"), bad("\"zip\":\"DEF\"")}));
        Member payload = joined(
                data,
                List.of(
                        new Member[] {
                            ok("\"iss\":\"" + ISSUER + "\""),
                            bad("\"iss\":\"https://evil.test\""),
                            bad("\"iss\":[\"" + ISSUER + "\"]"),
                            bad("")
                        },
                        new Member[] {
                            ok("\"aud\":\"" + AUDIENCE + "\""),
                            ok("\"aud\":[\"" + AUDIENCE + "\"]"),
                            ok("\"aud\":[\"other\",\"" + AUDIENCE + "\"]"),
                            bad("\"aud\":\"other\""),
                            bad("\"aud\":[]"),
                            bad("")
                        },
                        new Member[] {
                            ok("\"sub\":\"" + SUBJECT + "\""),
                            ok("\"sub\":\"" + SUBJECT.toUpperCase() + "\""),
                            bad("\"sub\":\"not-a-uuid\""),
                            bad("\"sub\":\"1-1-1-1-1\""),
                            bad("\"sub\":42"),
                            bad("")
                        },
                        new Member[] {
                            ok("\"sid\":\"" + SESSION + "\""),
                            bad("\"sid\":\"x\""),
                            bad("\"sid\":7"),
                            bad("\"sid\":null"),
                            bad("")
                        },
                        new Member[] {
                            ok("\"jti\":\"" + TOKEN_ID + "\""),
                            bad("\"jti\":\"1-1-1-1-1\""),
                            bad("\"jti\":\"x\""),
                            bad("")
                        },
                        new Member[] {
                            ok("\"iat\":" + NOW),
                            ok("\"iat\":" + (NOW - 100)),
                            bad("\"iat\":" + (NOW + 3600)),
                            bad("\"iat\":\"now\""),
                            bad("")
                        },
                        new Member[] {
                            ok("\"exp\":" + (NOW + 600)),
                            bad("\"exp\":" + (NOW - 3600)),
                            bad("\"exp\":\"later\""),
                            bad("")
                        },
                        new Member[] {ok(""), ok("\"nbf\":" + (NOW - 60)), bad("\"nbf\":" + (NOW + 3600))},
                        new Member[] {
                            ok(""),
                            ok("\"email_verified\":true"),
                            ok("\"email_verified\":false"),
                            ok("\"extra\":{\"a\":[1,2,{}]}"),
                            bad("\"email_verified\":\"yes\""),
                            bad("\"email_verified\":1")
                        }));
        int signature = data.consumeInt(0, 2);
        String token = switch (signature) {
            case 0 -> hmac("HmacSHA256", secret, header.json(), payload.json());
            case 1 -> hmac("HmacSHA256", other, header.json(), payload.json());
            default -> b64(header.json()) + "." + b64(payload.json()) + ".";
        };
        boolean acceptable = header.ok() && payload.ok() && signature == 0;
        boolean isAccess = type.equals("at+jwt");
        if (acceptable) {
            UserId user = isAccess
                    ? access.verify(token).userId()
                    : refresh.verify(token).userId();
            assertThat(user).as(token).isEqualTo(UserId.parse(SUBJECT));
        } else if (isAccess) {
            assertThatThrownBy(() -> access.verify(token))
                    .as(token)
                    .isExactlyInstanceOf(InvalidAccessTokenException.class);
        } else {
            assertThatThrownBy(() -> refresh.verify(token))
                    .as(token)
                    .isExactlyInstanceOf(InvalidRefreshTokenException.class);
        }
    }

    private static Member joined(FuzzedDataProvider data, List<Member[]> choices) {
        List<String> parts = new ArrayList<>();
        boolean allOk = true;
        for (Member[] options : choices) {
            Member m = data.pickValue(options);
            if (!m.json().isEmpty()) {
                parts.add(m.json());
            }
            allOk &= m.ok();
        }
        return new Member("{" + String.join(",", parts) + "}", allOk);
    }

    private static Member ok(String json) {
        return new Member(json, true);
    }

    private static Member bad(String json) {
        return new Member(json, false);
    }

    /** A JSON member (or nothing) and whether a genuine token could carry it. */
    record Member(String json, boolean ok) {}
}
