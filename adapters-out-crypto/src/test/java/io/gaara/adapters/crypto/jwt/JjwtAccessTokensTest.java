package io.gaara.adapters.crypto.jwt;

import static io.gaara.adapters.crypto.jwt.HandMadeJwt.claims;
import static io.gaara.adapters.crypto.jwt.HandMadeJwt.header;
import static io.gaara.adapters.crypto.jwt.HandMadeJwt.headerOf;
import static io.gaara.adapters.crypto.jwt.HandMadeJwt.hmac;
import static io.gaara.adapters.crypto.jwt.HandMadeJwt.payloadOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.port.out.crypto.AccessTokenClaims;
import io.gaara.application.port.out.crypto.IssuedToken;
import io.gaara.domain.SessionId;
import io.gaara.domain.UserId;
import io.gaara.testsupport.MutableClock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.DeflaterOutputStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JjwtAccessTokensTest {
    static final String ISSUER = "https://auth.gaara.test";
    static final String AUDIENCE = "gaara-api";
    static final Instant START = Instant.parse("2025-06-01T10:00:00Z");
    static final byte[] SECRET = "access-secret-that-is-32-bytes-long!".getBytes(StandardCharsets.UTF_8);
    static final HmacKey KEY = HmacKey.of("v1", SECRET);

    private final MutableClock clock = new MutableClock(START);
    private final AtomicReference<HmacKeyRing> ring = new AtomicReference<>(HmacKeyRing.of(KEY));
    private final JjwtAccessTokens tokens =
            new JjwtAccessTokens(ring::get, JwtSettings.of(ISSUER, AUDIENCE), JjwtAccessTokens.DEFAULT_LIFETIME, clock);

    private final String user = UUID.randomUUID().toString();
    private final String session = UUID.randomUUID().toString();
    private final long now = START.getEpochSecond();

    private String validClaims() {
        return claims(ISSUER, AUDIENCE, user, session, UUID.randomUUID().toString(), now, now + 900);
    }

    private void assertRefused(String token) {
        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOf(InvalidAccessTokenException.class)
                .hasMessage("The access token is invalid or expired.");
    }

    @Test
    void givenHandMadeTokenWithOurKeyAndClaims_whenVerified_thenAccepted() {
        // The control for the attacks below: only the attacked part differs.
        AccessTokenClaims claims =
                tokens.verify(hmac("HmacSHA256", SECRET, header("HS256", "at+jwt", "v1"), validClaims()));

        assertThat(claims.userId()).isEqualTo(UserId.parse(user));
        assertThat(claims.sessionId()).isEqualTo(SessionId.parse(session));
    }

    @Test
    void givenIssuedToken_whenHeaderRead_thenHs256TypedAtJwtWithKid() {
        String header = headerOf(
                tokens.issue(UserId.random(), SessionId.random(), false).value());

        assertThat(header)
                .contains("\"alg\":\"HS256\"")
                .contains("\"typ\":\"at+jwt\"")
                .contains("\"kid\":\"v1\"");
    }

    @Test
    void givenIssuedToken_whenPayloadRead_thenRegisteredClaimsAndSessionPresent() {
        UserId userId = UserId.random();
        SessionId sessionId = SessionId.random();
        IssuedToken issued = tokens.issue(userId, sessionId, false);
        String payload = payloadOf(issued.value());

        assertThat(payload)
                .contains("\"iss\":\"" + ISSUER + "\"")
                .contains("\"aud\":[\"" + AUDIENCE + "\"]")
                .contains("\"sub\":\"" + userId + "\"")
                .contains("\"sid\":\"" + sessionId + "\"")
                .contains("\"iat\":" + now)
                .contains("\"exp\":" + (now + 900))
                .containsPattern("\"jti\":\"[0-9a-f-]{36}\"");
        assertThat(issued.expiresAt()).isEqualTo(START.plus(Duration.ofMinutes(15)));
    }

    @Test
    void givenConfiguredLifetime_whenIssued_thenExpiryFollowsIt() {
        JjwtAccessTokens fiveMinutes =
                new JjwtAccessTokens(ring::get, JwtSettings.of(ISSUER, AUDIENCE), Duration.ofMinutes(5), clock);

        assertThat(fiveMinutes.issue(UserId.random(), SessionId.random(), false).expiresAt())
                .isEqualTo(START.plus(Duration.ofMinutes(5)));
    }

    @Test
    void givenAlgNoneToken_whenVerified_thenRefused() {
        assertRefused(HandMadeJwt.unsigned(header("none", "at+jwt", "v1"), validClaims()));
        assertRefused(HandMadeJwt.unsigned(header("none", "at+jwt", null), validClaims()));
        assertRefused(HandMadeJwt.unsigned(header("NONE", "at+jwt", "v1"), validClaims()));
    }

    @Test
    void givenOurTokenSpelledAnotherWay_whenVerified_thenRefusedAndOnlyTheCanonicalSpellingAccepted() {
        String token = tokens.issue(UserId.random(), SessionId.random(), false).value();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);
        // a 32-byte signature is 43 characters: the last carries 2 bits nobody reads
        char unusedBitFlipped = alphabet.charAt(alphabet.indexOf(last) ^ 1);

        assertThat(tokens.verify(token)).isNotNull();
        assertRefused(token + "=");
        assertRefused(token + "===");
        assertRefused(token.substring(0, token.length() - 1) + unusedBitFlipped);
        assertRefused(
                token.replace('-', '+').replace('_', '/') + (token.contains("-") || token.contains("_") ? "" : "+"));
        assertRefused(token + ".");
    }

    @Test
    void givenOurTokenWithSignatureStripped_whenVerified_thenRefused() {
        String token = tokens.issue(UserId.random(), SessionId.random(), false).value();

        assertRefused(token.substring(0, token.lastIndexOf('.') + 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HmacSHA384", "HmacSHA512"})
    void givenTokenSignedWithStrongerHmacAndOurKey_whenVerified_thenRefusedBecauseOnlyHs256IsAccepted(String jca) {
        // A 64-byte key known under kid v64, so that only the algorithm is wrong.
        byte[] longKey = "0123456789abcdef".repeat(4).getBytes(StandardCharsets.US_ASCII);
        ring.set(HmacKeyRing.of(KEY, HmacKey.of("v64", longKey)));
        String alg = jca.equals("HmacSHA384") ? "HS384" : "HS512";

        assertThat(tokens.verify(hmac("HmacSHA256", longKey, header("HS256", "at+jwt", "v64"), validClaims())))
                .isNotNull();
        assertRefused(hmac(jca, longKey, header(alg, "at+jwt", "v64"), validClaims()));
    }

    @Test
    void givenRs256TokenWithKnownKid_whenVerified_thenRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();

        assertRefused(HandMadeJwt.rs256(pair.getPrivate(), header("RS256", "at+jwt", "v1"), validClaims()));
    }

    @Test
    void givenTokenSignedWithAnotherKeyUnderOurKid_whenVerified_thenRefused() {
        byte[] other = "another-secret-that-is-32-bytes-long".getBytes(StandardCharsets.UTF_8);

        assertRefused(hmac("HmacSHA256", other, header("HS256", "at+jwt", "v1"), validClaims()));
    }

    @Test
    void givenTokenFromAnotherInstanceWithOtherKey_whenVerified_thenRefused() {
        HmacKeyRing otherRing =
                HmacKeyRing.single("another-secret-that-is-32-bytes-long".getBytes(StandardCharsets.UTF_8));
        JjwtAccessTokens other = new JjwtAccessTokens(otherRing, JwtSettings.of(ISSUER, AUDIENCE), clock);

        assertRefused(other.issue(UserId.random(), SessionId.random(), false).value());
    }

    @Test
    void givenUnknownOrMissingKid_whenVerified_thenRefused() {
        assertRefused(hmac("HmacSHA256", SECRET, header("HS256", "at+jwt", "v2"), validClaims()));
        assertRefused(hmac("HmacSHA256", SECRET, header("HS256", "at+jwt", null), validClaims()));
    }

    @Test
    void givenWrongIssuerOrAudience_whenVerified_thenRefused() {
        String jti = UUID.randomUUID().toString();
        String h = header("HS256", "at+jwt", "v1");

        assertRefused(hmac(
                "HmacSHA256", SECRET, h, claims("https://evil.test", AUDIENCE, user, session, jti, now, now + 900)));
        assertRefused(hmac("HmacSHA256", SECRET, h, claims(ISSUER, "other-api", user, session, jti, now, now + 900)));
        assertRefused(hmac(
                "HmacSHA256",
                SECRET,
                h,
                "{\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + user + "\",\"sid\":\"" + session + "\",\"jti\":\"" + jti
                        + "\",\"iat\":" + now + ",\"exp\":" + (now + 900) + "}"));
    }

    @Test
    void givenEmailVerifiedClaim_whenVerified_thenReadAsABooleanAbsentAsFalseAndAnythingElseRefused() {
        String verified = validClaims().replace("}", ",\"email_verified\":true}");
        String notVerified = validClaims().replace("}", ",\"email_verified\":false}");
        String asText = validClaims().replace("}", ",\"email_verified\":\"true\"}");

        assertThat(tokens.verify(hmac("HmacSHA256", SECRET, header("HS256", "at+jwt", "v1"), verified))
                        .emailVerified())
                .isTrue();
        assertThat(tokens.verify(hmac("HmacSHA256", SECRET, header("HS256", "at+jwt", "v1"), notVerified))
                        .emailVerified())
                .isFalse();
        assertThat(tokens.verify(hmac("HmacSHA256", SECRET, header("HS256", "at+jwt", "v1"), validClaims()))
                        .emailVerified())
                .as("a token from before the claim existed")
                .isFalse();
        assertRefused(hmac("HmacSHA256", SECRET, header("HS256", "at+jwt", "v1"), asText));
    }

    @Test
    void givenIssuedTokens_whenPayloadRead_thenEmailVerifiedIsAJsonBoolean() {
        assertThat(payloadOf(
                        tokens.issue(UserId.random(), SessionId.random(), true).value()))
                .contains("\"email_verified\":true");
        assertThat(payloadOf(
                        tokens.issue(UserId.random(), SessionId.random(), false).value()))
                .contains("\"email_verified\":false");
    }

    @Test
    void givenAudienceAsArrayContainingOurs_whenVerified_thenAccepted() {
        String payload =
                validClaims().replace("\"aud\":\"" + AUDIENCE + "\"", "\"aud\":[\"other\",\"" + AUDIENCE + "\"]");

        assertThat(tokens.verify(hmac("HmacSHA256", SECRET, header("HS256", "at+jwt", "v1"), payload)))
                .isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "rt+jwt", "jwt", "at+jwt2", "application/jwt"})
    void givenWrongType_whenVerified_thenRefused(String typ) {
        assertRefused(hmac("HmacSHA256", SECRET, header("HS256", typ, "v1"), validClaims()));
    }

    @Test
    void givenNoType_whenVerified_thenRefused() {
        assertRefused(hmac("HmacSHA256", SECRET, header("HS256", null, "v1"), validClaims()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/at+jwt", "AT+JWT"})
    void givenTypeSpelledAsRfc9068Allows_whenVerified_thenAccepted(String typ) {
        assertThat(tokens.verify(hmac("HmacSHA256", SECRET, header("HS256", typ, "v1"), validClaims())))
                .isNotNull();
    }

    @Test
    void givenThirtySecondSkew_whenTwentyNineSecondsPastExpiry_thenAccepted() {
        IssuedToken issued = tokens.issue(UserId.random(), SessionId.random(), false);

        clock.advance(Duration.ofMinutes(15).plusSeconds(29));

        assertThat(tokens.verify(issued.value())).isNotNull();
    }

    @Test
    void givenThirtySecondSkew_whenThirtyOneSecondsPastExpiry_thenRefused() {
        IssuedToken issued = tokens.issue(UserId.random(), SessionId.random(), false);

        clock.advance(Duration.ofMinutes(15).plusSeconds(31));

        assertRefused(issued.value());
    }

    @Test
    void givenNoSkew_whenOneSecondPastExpiry_thenRefused() {
        JjwtAccessTokens strict = new JjwtAccessTokens(
                ring::get, new JwtSettings(ISSUER, AUDIENCE, Duration.ZERO), Duration.ofMinutes(15), clock);
        IssuedToken issued = strict.issue(UserId.random(), SessionId.random(), false);

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));

        assertThatThrownBy(() -> strict.verify(issued.value())).isInstanceOf(InvalidAccessTokenException.class);
    }

    @Test
    void givenSkewAboveThirtySeconds_whenConfigured_thenRefused() {
        assertThatThrownBy(() -> new JwtSettings(ISSUER, AUDIENCE, Duration.ofSeconds(31)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JwtSettings(ISSUER, AUDIENCE, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenTokenIssuedWellInTheFuture_whenVerified_thenRefused() {
        String jti = UUID.randomUUID().toString();

        assertRefused(hmac(
                "HmacSHA256",
                SECRET,
                header("HS256", "at+jwt", "v1"),
                claims(ISSUER, AUDIENCE, user, session, jti, now + 3600, now + 4500)));
    }

    @Test
    void givenNotYetValidToken_whenVerified_thenRefused() {
        String payload = validClaims().replace("}", ",\"nbf\":" + (now + 600) + "}");

        assertRefused(hmac("HmacSHA256", SECRET, header("HS256", "at+jwt", "v1"), payload));
    }

    @Test
    void givenMissingExpiryOrIssuedAt_whenVerified_thenRefused() {
        String h = header("HS256", "at+jwt", "v1");

        assertRefused(hmac("HmacSHA256", SECRET, h, validClaims().replaceAll(",\"exp\":\\d+", "")));
        assertRefused(hmac("HmacSHA256", SECRET, h, validClaims().replaceAll(",\"iat\":\\d+", "")));
    }

    @Test
    void givenSubjectSessionOrIdNotUuids_whenVerified_thenRefused() {
        String h = header("HS256", "at+jwt", "v1");
        String jti = UUID.randomUUID().toString();

        assertRefused(hmac("HmacSHA256", SECRET, h, claims(ISSUER, AUDIENCE, "admin", session, jti, now, now + 900)));
        assertRefused(hmac("HmacSHA256", SECRET, h, claims(ISSUER, AUDIENCE, user, "1", jti, now, now + 900)));
        assertRefused(
                hmac("HmacSHA256", SECRET, h, claims(ISSUER, AUDIENCE, user, session, "1-1-1-1-1", now, now + 900)));
        assertRefused(hmac("HmacSHA256", SECRET, h, validClaims().replaceAll(",\"sid\":\"[^\"]+\"", "")));
        assertRefused(hmac("HmacSHA256", SECRET, h, validClaims().replaceAll(",\"jti\":\"[^\"]+\"", "")));
        assertRefused(
                hmac("HmacSHA256", SECRET, h, validClaims().replace("\"sid\":\"" + session + "\"", "\"sid\":42")));
    }

    @Test
    void givenCompressedPayload_whenVerified_thenRefused() throws Exception {
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        // zlib-wrapped, as jjwt writes DEF: without the parser's zip().clear() this token would pass.
        try (DeflaterOutputStream out = new DeflaterOutputStream(deflated)) {
            out.write(validClaims().getBytes(StandardCharsets.UTF_8));
        }
        String input = HandMadeJwt.b64("{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"v1\",\"zip\":\"DEF\"}") + "."
                + HandMadeJwt.b64(deflated.toByteArray());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        String token = input + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));

        assertRefused(token);
    }

    @Test
    void givenRingSwapped_whenVerifying_thenOldTokensStillPassAndNewTokensCarryNewKid() {
        String before = tokens.issue(UserId.random(), SessionId.random(), false).value();
        HmacKey next = HmacKey.of("v2", "the-next-secret-that-is-32-bytes-long".getBytes(StandardCharsets.UTF_8));

        ring.set(ring.get().rotatedTo(next));
        String after = tokens.issue(UserId.random(), SessionId.random(), false).value();

        assertThat(tokens.verify(before)).isNotNull();
        assertThat(tokens.verify(after)).isNotNull();
        assertThat(headerOf(before)).contains("\"kid\":\"v1\"");
        assertThat(headerOf(after)).contains("\"kid\":\"v2\"");
    }

    @Test
    void givenOldKeyDroppedFromRing_whenItsTokenVerified_thenRefused() {
        String before = tokens.issue(UserId.random(), SessionId.random(), false).value();
        HmacKey next = HmacKey.of("v2", "the-next-secret-that-is-32-bytes-long".getBytes(StandardCharsets.UTF_8));
        HmacKey third = HmacKey.of("v3", "the-third-secret-that-is-32-bytes-long".getBytes(StandardCharsets.UTF_8));

        ring.set(ring.get().rotatedTo(next).rotatedTo(third));

        assertRefused(before);
    }

    @Test
    void givenShortKey_whenBuildingTheRing_thenRefusedWithoutTheKeyInTheMessage() {
        byte[] shortKey = "thirty-one-bytes-is-not-enough!".getBytes(StandardCharsets.UTF_8);
        assertThat(shortKey).hasSize(31);

        assertThatThrownBy(() -> HmacKeyRing.single(shortKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("thirty-one"));
        assertThatThrownBy(() -> HmacKey.of("v1", shortKey)).isInstanceOf(IllegalArgumentException.class);
        assertThat(HmacKey.of("v1", "exactly-thirty-two-bytes-long!!!".getBytes(StandardCharsets.UTF_8))
                        .kid())
                .isEqualTo("v1");
    }

    @Test
    void givenInvalidToken_whenRefused_thenMessageDoesNotEchoIt() {
        String token = hmac("HmacSHA256", SECRET, header("HS256", "at+jwt", "v2"), validClaims());

        assertThatThrownBy(() -> tokens.verify(token))
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain(token.substring(0, 20))
                        .doesNotContain(user))
                .satisfies(e -> assertThat(e.getCause()).isNull());
    }
}
