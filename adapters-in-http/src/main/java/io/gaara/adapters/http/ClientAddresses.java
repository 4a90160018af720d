package io.gaara.adapters.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who the client is: the TCP peer, unless the peer is one of the configured trusted proxies, in which case the address
 * those proxies forwarded ({@code Forwarded: for=}, RFC 7239, else {@code X-Forwarded-For}), read from the right: the
 * first hop that is not a trusted proxy is the client. A client can write anything into these headers, so nothing in
 * them counts unless a trusted proxy added it; a value that is not an IP literal (an obfuscated or {@code unknown}
 * node, garbage) ends the walk at the last hop known to be sound.
 */
final class ClientAddresses {
    /** Only IP literals: a host name here would make every request a DNS lookup the client controls. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final List<Cidr> trustedProxies;

    ClientAddresses(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(Cidr::parse).toList();
    }

    /** {@code peer} is the TCP peer's address; the headers as received (null when absent). */
    String clientOf(String peer, String forwarded, String xForwardedFor) {
        if (trustedProxies.isEmpty()) {
            // the usual case, on every request: nothing to parse
            return peer;
        }
        Optional<InetAddress> peerAddress = literal(peer);
        if (peerAddress.isEmpty() || !trusted(peerAddress.get())) {
            return peer;
        }
        List<String> hops = forwarded != null ? forwardedFor(forwarded) : split(xForwardedFor);
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = literal(hops.get(i));
            if (hop.isEmpty()) {
                break;
            }
            client = hop.get().getHostAddress();
            if (!trusted(hop.get())) {
                break;
            }
        }
        return client;
    }

    private boolean trusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(cidr -> cidr.contains(address));
    }

    private static List<String> split(String header) {
        List<String> hops = new ArrayList<>();
        if (header != null) {
            for (String part : header.split(",")) {
                hops.add(part.strip());
            }
        }
        return hops;
    }

    /** The {@code for=} values of a {@code Forwarded} header, in order, quotes, brackets and ports taken off. */
    private static List<String> forwardedFor(String header) {
        List<String> hops = new ArrayList<>();
        for (String element : header.split(",")) {
            String node = null;
            for (String pair : element.split(";")) {
                String[] kv = pair.strip().split("=", 2);
                if (kv.length == 2 && kv[0].strip().toLowerCase(Locale.ROOT).equals("for")) {
                    node = kv[1].strip();
                }
            }
            hops.add(node == null ? "" : stripNode(node));
        }
        return hops;
    }

    private static String stripNode(String node) {
        String n = node.startsWith("\"") && node.endsWith("\"") && node.length() >= 2
                ? node.substring(1, node.length() - 1)
                : node;
        if (n.startsWith("[")) {
            int close = n.indexOf(']');
            return close > 0 ? n.substring(1, close) : "";
        }
        int colon = n.indexOf(':');
        // one colon: IPv4 with a port; several: a bare IPv6 (not allowed unbracketed, but keep it readable)
        return colon > 0 && colon == n.lastIndexOf(':') ? n.substring(0, colon) : n;
    }

    static Optional<InetAddress> literal(String text) {
        if (text == null || !IP_LITERAL.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** An address block such as {@code 10.0.0.0/8}, {@code 2001:db8::/32} or one address. */
    record Cidr(byte[] network, int prefix) {
        Cidr {
            Objects.requireNonNull(network, "network");
        }

        static Cidr parse(String text) {
            String t = text.strip();
            int slash = t.indexOf('/');
            InetAddress address = literal(slash < 0 ? t : t.substring(0, slash))
                    .orElseThrow(() -> new IllegalArgumentException("not an IP address or CIDR block: '" + t + "'"));
            int bits = address.getAddress().length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IP address or CIDR block: '" + t + "'");
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix of '" + t + "' must be between 0 and " + bits);
            }
            return new Cidr(address.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return rest == 0 || (candidate[whole] & mask) == (network[whole] & mask);
        }
    }
}
