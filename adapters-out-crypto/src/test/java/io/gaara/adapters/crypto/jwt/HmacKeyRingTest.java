package io.gaara.adapters.crypto.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HmacKeyRingTest {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

    @Test
    void givenKeyWithoutVersion_whenKidDerived_thenFirst8BytesOfSha256Base64Url() {
        // python3 -c "import hashlib,base64; print(base64.urlsafe_b64encode(
        //     hashlib.sha256(b'0123456789abcdef0123456789abcdef').digest()[:8]).rstrip(b'=').decode())"
        assertThat(HmacKey.derivedKid(KEY)).isEqualTo("PrG9Q5lH63Y");
        assertThat(HmacKey.withDerivedKid(KEY).kid()).isEqualTo("PrG9Q5lH63Y");
        assertThat(HmacKeyRing.single(KEY).current().kid()).isEqualTo("PrG9Q5lH63Y");
        assertThat(HmacKey.derivedKid(OTHER)).isNotEqualTo("PrG9Q5lH63Y");
    }

    @Test
    void givenKeyAndRing_whenPrinted_thenKidsOnly() {
        HmacKey key = HmacKey.of("v1", KEY);

        assertThat(key.toString()).contains("v1").doesNotContain("0123456789");
        assertThat(HmacKeyRing.of(key).toString()).contains("v1").doesNotContain("0123456789");
    }

    @Test
    void givenRing_whenRotated_thenNewSignsAndOnlyPreviousStillVerifies() {
        HmacKeyRing ring = HmacKeyRing.of(HmacKey.of("v1", KEY)).rotatedTo(HmacKey.of("v2", OTHER));

        assertThat(ring.current().kid()).isEqualTo("v2");
        assertThat(ring.acceptedKids()).containsExactlyInAnyOrder("v1", "v2");
        assertThat(ring.rotatedTo(HmacKey.of("v3", KEY)).acceptedKids()).containsExactlyInAnyOrder("v2", "v3");
    }

    @Test
    void givenTwoDifferentKeysUnderOneKid_whenRingBuilt_thenRefused() {
        assertThatThrownBy(() -> HmacKeyRing.of(HmacKey.of("v1", KEY), HmacKey.of("v1", OTHER)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("v1");
        assertThat(HmacKeyRing.of(HmacKey.of("v1", KEY), HmacKey.of("v1", KEY)).acceptedKids())
                .containsExactly("v1");
    }

    @Test
    void givenKidWithControlCharactersOrEmpty_whenKeyMade_thenRefused() {
        assertThatThrownBy(() -> HmacKey.of("", KEY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HmacKey.of("v1\n", KEY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenMaterialChangedAfterKeyMade_whenUsed_thenKeyUnaffected() {
        byte[] material = KEY.clone();
        HmacKey key = HmacKey.of("v1", material);

        material[0] ^= 1;

        assertThat(key.secretKey().getEncoded()).isEqualTo(KEY);
    }
}
