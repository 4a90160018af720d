package io.gaara.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's address: the peer, unless a trusted proxy forwarded it; what a client writes itself never counts. */
class ClientAddressesTest {
    private final ClientAddresses noProxies = new ClientAddresses(List.of());
    private final ClientAddresses behindProxies =
            new ClientAddresses(List.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.1"));

    @Test
    void givenNoTrustedProxies_whenClientSendsForwardedHeaders_thenThePeerIsTheClient() {
        assertThat(noProxies.clientOf("198.51.100.7", "for=203.0.113.9", "203.0.113.9"))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void givenUntrustedPeer_whenItClaimsAnotherAddress_thenThePeerIsTheClient() {
        assertThat(behindProxies.clientOf("198.51.100.7", null, "10.1.2.3")).isEqualTo("198.51.100.7");
    }

    @Test
    void givenTrustedProxyChain_whenReadFromTheRight_thenTheFirstUntrustedHopIsTheClientAndSpoofedHopsAreIgnored() {
        // the client wrote "1.2.3.4" itself; the first proxy appended the real peer 203.0.113.9, the second its own
        // view
        assertThat(behindProxies.clientOf("10.0.0.5", null, "1.2.3.4, 203.0.113.9, 10.0.0.9"))
                .isEqualTo("203.0.113.9");
        assertThat(behindProxies.clientOf("10.0.0.5", null, "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(behindProxies.clientOf("192.0.2.1", null, "203.0.113.10")).isEqualTo("203.0.113.10");
    }

    @Test
    void givenTrustedProxyAndNoHeader_whenResolved_thenTheProxyIsTheClient() {
        assertThat(behindProxies.clientOf("10.0.0.5", null, null)).isEqualTo("10.0.0.5");
    }

    @Test
    void givenForwardedHeader_whenResolved_thenItsForValuesWinOverXForwardedForWithQuotesPortsAndBrackets() {
        assertThat(behindProxies.clientOf(
                        "10.0.0.5", "for=\"[2001:db8:cafe::17]:4711\", for=198.51.100.3:8080;proto=https", "9.9.9.9"))
                .isEqualTo("198.51.100.3");
        assertThat(behindProxies.clientOf("10.0.0.5", "for=\"[2001:db9::17]:4711\"", null))
                .as("an IPv6 client outside the trusted block")
                .isEqualTo("2001:db9:0:0:0:0:0:17");
    }

    @Test
    void givenGarbageOrHostNamesOrObfuscatedNodes_whenResolved_thenTheWalkStopsAtTheLastSoundHopWithoutAnyLookup() {
        assertThat(behindProxies.clientOf("10.0.0.5", null, "evil.example.com")).isEqualTo("10.0.0.5");
        assertThat(behindProxies.clientOf("10.0.0.5", "for=_hidden", null)).isEqualTo("10.0.0.5");
        assertThat(behindProxies.clientOf("10.0.0.5", "for=unknown", null)).isEqualTo("10.0.0.5");
        assertThat(behindProxies.clientOf("10.0.0.5", null, "203.0.113.9, \r\n<script>"))
                .isEqualTo("10.0.0.5");
        assertThat(behindProxies.clientOf("10.0.0.5", null, "203.0.113.9, 10.0.0.7"))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void givenBadTrustedProxyEntry_whenConfigured_thenRefusedNamingIt() {
        assertThatThrownBy(() -> new ClientAddresses(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> new ClientAddresses(List.of("proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("proxy.internal");
    }

    @Test
    void givenBlockNotOnAByteBoundary_whenMatched_thenExactlyItsAddressesAreTrusted() {
        ClientAddresses.Cidr block = ClientAddresses.Cidr.parse("192.168.0.0/20");
        assertThat(block.contains(ClientAddresses.literal("192.168.15.255").orElseThrow()))
                .isTrue();
        assertThat(block.contains(ClientAddresses.literal("192.168.16.0").orElseThrow()))
                .isFalse();
        assertThat(block.contains(ClientAddresses.literal("::ffff:c0a8:1").orElseThrow()))
                .as("an IPv4-mapped IPv6 address is Java's IPv4 address")
                .isTrue();
        assertThat(ClientAddresses.Cidr.parse("0.0.0.0/0")
                        .contains(ClientAddresses.literal("8.8.8.8").orElseThrow()))
                .isTrue();
        assertThat(ClientAddresses.Cidr.parse("2001:db8::/33")
                        .contains(ClientAddresses.literal("2001:db8:8000::1").orElseThrow()))
                .isFalse();
    }
}
