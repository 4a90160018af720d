package io.gaara.adapters.crypto.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.InvalidRefreshTokenException;
import io.gaara.application.fakes.InMemorySecretStore;
import io.gaara.application.port.out.crypto.AccessTokenClaims;
import io.gaara.application.port.out.crypto.IssuedToken;
import io.gaara.application.port.out.crypto.RefreshTokenClaims;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.domain.SessionId;
import io.gaara.domain.TokenId;
import io.gaara.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Key rings that follow a secret's versions: rotation logs nobody out, on this instance or another. */
class SecretKeyRingTest {
    private static final String NAME = "JWT_SECRET_KEY";
    private static final JwtSettings JWT = JwtSettings.of("https://auth.gaara.test", "gaara-api");
    private static final Clock CLOCK = Clock.systemUTC();

    private final InMemorySecretStore backend = new InMemorySecretStore();

    /** One instance's cached view of the backend, brought up to date only by {@link #refresh}. */
    private static final class CachedView implements SecretStore {
        private final SecretStore backend;
        private final Map<String, List<Secret>> cached = new ConcurrentHashMap<>();
        final AtomicInteger refreshes = new AtomicInteger();

        CachedView(SecretStore backend, String name) {
            this.backend = backend;
            cached.put(name, backend.readAccepted(name));
        }

        void refresh(String name) {
            refreshes.incrementAndGet();
            cached.put(name, backend.readAccepted(name));
        }

        @Override
        public Optional<Secret> read(String name) {
            return readAccepted(name).stream().findFirst();
        }

        @Override
        public List<Secret> readAccepted(String name) {
            return cached.getOrDefault(name, List.of());
        }

        @Override
        public Optional<Secret> readStage(String name, SecretStage stage) {
            return stage == SecretStage.CURRENT ? read(name) : Optional.empty();
        }

        @Override
        public String backendName() {
            return "cached-view";
        }
    }

    private static JjwtAccessTokens accessTokens(HmacKeyRingSource ring) {
        return new JjwtAccessTokens(ring, JWT, Duration.ofMinutes(15), CLOCK);
    }

    private static IssuedToken issue(JjwtAccessTokens tokens) {
        return tokens.issue(UserId.random(), SessionId.random(), false);
    }

    @Test
    void givenSecretRotated_whenRingAskedAgain_thenNewVersionSignsAndTokensOfThePreviousStillVerify() {
        Secret v1 = backend.put(NAME, "first-key-that-is-at-least-32-bytes-long");
        SecretKeyRing ring = new SecretKeyRing(backend, NAME, name -> {});
        JjwtAccessTokens tokens = accessTokens(ring);
        IssuedToken before = issue(tokens);

        Secret v2 = backend.put(NAME, "second-key-that-is-at-least-32-bytes-long");

        assertThat(ring.get().current().kid()).isEqualTo(v2.versionId());
        assertThat(ring.get().acceptedKids()).contains(v1.versionId(), v2.versionId());
        AccessTokenClaims old = tokens.verify(before.value());
        assertThat(old.expiresAt()).isEqualTo(before.expiresAt());
        assertThat(tokens.verify(issue(tokens).value())).isNotNull();

        backend.put(NAME, "third-key-that-is-at-least-32-bytes-long!");
        assertThatThrownBy(() -> tokens.verify(before.value()))
                .as("two rotations back")
                .isInstanceOf(InvalidAccessTokenException.class);
    }

    @Test
    void givenKeyMovedUnchangedFromEnvironment_whenTokenNamesItsDigestKid_thenStillAccepted() {
        String value = "moved-key-that-is-at-least-32-bytes-long";
        HmacKeyRing asInEnv =
                HmacKeyRing.of(HmacKey.of(Secret.contentVersionId(value), value.getBytes(StandardCharsets.UTF_8)));
        IssuedToken fromEnv = accessTokens(() -> asInEnv).issue(UserId.random(), SessionId.random(), false);
        backend.put(NAME, value);

        assertThat(accessTokens(new SecretKeyRing(backend, NAME, name -> {})).verify(fromEnv.value()))
                .isNotNull();
    }

    /** A backend without versions: each instance names the same value by its own process-local id. */
    private static SecretStore unversioned(String localId, String value) {
        return new SecretStore() {
            @Override
            public Optional<Secret> read(String name) {
                return Optional.of(new Secret(name, Secret.LOCAL_VERSION_PREFIX + localId, value));
            }

            @Override
            public String backendName() {
                return "env";
            }
        };
    }

    @Test
    void givenBackendIdsValidInOneProcessOnly_whenAnotherInstanceVerifies_thenKidIsTheKeysOwnDigestAndTokenAccepted() {
        String value = "shared-key-that-is-at-least-32-bytes-long";
        JjwtAccessTokens first = accessTokens(new SecretKeyRing(unversioned("1111111111111111", value), NAME, n -> {}));
        JjwtAccessTokens second =
                accessTokens(new SecretKeyRing(unversioned("2222222222222222", value), NAME, n -> {}));

        IssuedToken token = issue(first);

        assertThat(new SecretKeyRing(unversioned("1111111111111111", value), NAME, n -> {})
                        .get()
                        .current()
                        .kid())
                .isEqualTo(Secret.contentVersionId(value));
        assertThat(second.verify(token.value())).isNotNull();
    }

    @Test
    void givenAnotherInstanceSignsWithNewerVersion_whenThisInstanceVerifies_thenSecretReReadOnceAndTokenAccepted() {
        backend.put(NAME, "first-key-that-is-at-least-32-bytes-long");
        CachedView behind = new CachedView(backend, NAME);
        JjwtAccessTokens thisInstance = accessTokens(new SecretKeyRing(behind, NAME, behind::refresh));
        backend.put(NAME, "second-key-that-is-at-least-32-bytes-long");
        JjwtAccessTokens otherInstance = accessTokens(new SecretKeyRing(backend, NAME, name -> {}));

        IssuedToken fresh = issue(otherInstance);

        assertThat(thisInstance.verify(fresh.value())).isNotNull();
        assertThat(behind.refreshes).hasValue(1);
        assertThat(thisInstance.verify(fresh.value()))
                .as("known from now on, no second re-read")
                .isNotNull();
        assertThat(behind.refreshes).hasValue(1);
    }

    @Test
    void givenForgedKids_whenVerifiedRepeatedly_thenRefusedAndBackendReReadAtMostOncePerInterval() {
        backend.put(NAME, "first-key-that-is-at-least-32-bytes-long");
        CachedView view = new CachedView(backend, NAME);
        JjwtAccessTokens tokens = accessTokens(new SecretKeyRing(view, NAME, view::refresh));
        for (int i = 0; i < 20; i++) {
            HmacKeyRing forged = HmacKeyRing.of(HmacKey.of(
                    "forged-" + i, ("forged-key-that-is-at-least-32-bytes-" + i).getBytes(StandardCharsets.UTF_8)));
            String token = issue(accessTokens(() -> forged)).value();
            assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidAccessTokenException.class);
        }
        assertThat(view.refreshes)
                .as("re-reads within " + SecretKeyRing.MIN_LEARN_INTERVAL)
                .hasValue(1);
    }

    @Test
    void givenRefreshTokensOnAnotherInstancesNewerKey_whenVerified_thenLearnedToo() {
        String name = "JWT_REFRESH_SECRET_KEY";
        backend.put(name, "first-refresh-key-at-least-32-bytes-long");
        CachedView behind = new CachedView(backend, name);
        JjwtRefreshTokens thisInstance =
                new JjwtRefreshTokens(new SecretKeyRing(behind, name, behind::refresh), JWT, CLOCK);
        backend.put(name, "second-refresh-key-at-least-32-bytes-long");
        JjwtRefreshTokens otherInstance = new JjwtRefreshTokens(new SecretKeyRing(backend, name, n -> {}), JWT, CLOCK);
        RefreshTokenClaims claims = new RefreshTokenClaims(
                SessionId.random(),
                TokenId.random(),
                UserId.random(),
                CLOCK.instant().plus(Duration.ofDays(1)));

        String token = otherInstance.issue(claims).value();

        assertThat(thisInstance.verify(token).tokenId()).isEqualTo(claims.tokenId());
        assertThat(behind.refreshes).hasValue(1);
        behind.refresh(name);
        assertThatThrownBy(() -> thisInstance.verify(token + "x")).isInstanceOf(InvalidRefreshTokenException.class);
    }

    @Test
    void givenSecretMissing_whenRingFirstAsked_thenIllegalStateNamingTheSecret() {
        SecretKeyRing ring = new SecretKeyRing(backend, NAME, name -> {});
        assertThatThrownBy(ring::get).isInstanceOf(IllegalStateException.class).hasMessageContaining(NAME);
        backend.put(NAME, "short");
        assertThatThrownBy(ring::get)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("short");
    }
}
