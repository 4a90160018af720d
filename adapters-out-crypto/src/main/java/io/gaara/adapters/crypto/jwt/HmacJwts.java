package io.gaara.adapters.crypto.jwt;

import io.gaara.domain.SessionId;
import io.gaara.domain.UserId;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import java.security.Key;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Signs and checks the HS256 JWTs that both access and refresh tokens are, differing only in {@code typ} and key ring.
 * Everything RFC 8725 asks is enforced here once: one pinned algorithm, an explicit type, a known kid, iss, aud, exp,
 * and no compressed payloads.
 */
final class HmacJwts {
    /** Ours are ~400 characters; refusing megabytes before parsing keeps a forgery cheap to reject. */
    static final int MAX_TOKEN_CHARS = 4096;

    static final String SESSION_CLAIM = "sid";
    /** OpenID Connect Core §5.1: whether the account's address was proven; access tokens only. */
    static final String EMAIL_VERIFIED_CLAIM = "email_verified";

    private final HmacKeyRingSource keys;
    private final JwtSettings settings;
    private final Clock clock;
    private final String type;
    private final JwtParser parser;

    HmacJwts(HmacKeyRingSource keys, JwtSettings settings, Clock clock, String type) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.type = Objects.requireNonNull(type, "type");
        Objects.requireNonNull(keys.get(), "the key ring supplier returned no ring");
        this.parser = Jwts.parser()
                .keyLocator(new LocatorAdapter<Key>() {
                    @Override
                    protected Key locate(JwsHeader header) {
                        String kid = header.getKeyId();
                        Optional<HmacKey> key = keys.get().find(kid);
                        if (key.isEmpty() && keys.learn(kid)) {
                            // another instance signs with a version this one had not read yet
                            key = keys.get().find(kid);
                        }
                        return key.map(HmacKey::secretKey)
                                .orElseThrow(() -> new UnsupportedJwtException("unknown kid"));
                    }
                })
                .sig()
                .clear()
                .add(Jwts.SIG.HS256)
                .and()
                .zip()
                .clear()
                .and()
                .requireIssuer(settings.issuer())
                .requireAudience(settings.audience())
                .clockSkewSeconds(settings.clockSkew().toSeconds())
                .clock(() -> Date.from(clock.instant()))
                .build();
    }

    /** Now, as JWT NumericDates carry it: whole seconds, so what we return is what a verifier reads back. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** @param emailVerified the {@code email_verified} claim, or null for a token that does not carry it */
    String sign(
            UserId user,
            SessionId session,
            String tokenId,
            Instant issuedAt,
            Instant expiresAt,
            Boolean emailVerified) {
        HmacKey key = keys.get().current();
        var builder = Jwts.builder();
        if (emailVerified != null) {
            builder = builder.claim(EMAIL_VERIFIED_CLAIM, emailVerified);
        }
        return builder.header()
                .type(type)
                .keyId(key.kid())
                .and()
                .issuer(settings.issuer())
                .audience()
                .add(settings.audience())
                .and()
                .subject(user.value().toString())
                .claim(SESSION_CLAIM, session.value().toString())
                .id(tokenId)
                .issuedAt(Date.from(issuedAt))
                .expiration(Date.from(expiresAt))
                .signWith(key.secretKey(), Jwts.SIG.HS256)
                .compact();
    }

    /** Throws some {@link RuntimeException} for anything but a genuine, current token of our type. */
    Verified verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw new IllegalArgumentException("no token or too long");
        }
        requireCanonical(token);
        Jws<Claims> jws = parser.parseSignedClaims(token);
        String typ = jws.getHeader().getType();
        // RFC 9068 §4: "at+jwt" or "application/at+jwt", media types compare case-insensitively.
        if (typ == null || !(typ.equalsIgnoreCase(type) || typ.equalsIgnoreCase("application/" + type))) {
            throw new UnsupportedJwtException("wrong typ");
        }
        Claims claims = jws.getPayload();
        Date expiration = claims.getExpiration();
        Date issuedAt = claims.getIssuedAt();
        if (expiration == null || issuedAt == null) {
            throw new UnsupportedJwtException("exp and iat are required");
        }
        if (issuedAt.toInstant().isAfter(clock.instant().plus(settings.clockSkew()))) {
            throw new UnsupportedJwtException("issued in the future");
        }
        String tokenId = claims.getId();
        UUID.fromString(Objects.requireNonNull(tokenId, "jti"));
        if (tokenId.length() != 36) {
            throw new UnsupportedJwtException("jti is not a UUID");
        }
        // absent (a token from before the claim existed) reads as not verified; a non-boolean refuses the token
        Boolean emailVerified = claims.get(EMAIL_VERIFIED_CLAIM, Boolean.class);
        return new Verified(
                UserId.parse(claims.getSubject()),
                SessionId.parse(claims.get(SESSION_CLAIM, String.class)),
                tokenId,
                expiration.toInstant(),
                Boolean.TRUE.equals(emailVerified));
    }

    /**
     * Three parts, each in the one spelling RFC 7515 allows: base64url without padding, the unused low bits of the last
     * character zero. A lenient decoder reads {@code token=}, {@code token===} or a last character with a flipped
     * unused bit as the same bytes, so one token would have many spellings: a revocation or a log search keyed by the
     * text would miss the others.
     */
    private static void requireCanonical(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new MalformedJwtException("a JWS has three parts");
        }
        Base64.Decoder decoder = Base64.getUrlDecoder();
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        for (String part : parts) {
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                boolean alphabet =
                        c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
                if (!alphabet) {
                    throw new MalformedJwtException("not unpadded base64url");
                }
            }
            if (!encoder.encodeToString(decoder.decode(part)).equals(part)) {
                throw new MalformedJwtException("not the canonical base64url spelling");
            }
        }
    }

    record Verified(UserId userId, SessionId sessionId, String tokenId, Instant expiresAt, boolean emailVerified) {}
}
