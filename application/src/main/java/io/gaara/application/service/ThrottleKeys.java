package io.gaara.application.service;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The counter keys of an attempt, made only from what the client sent, so they are the same whether or not the account
 * exists (ASVS 6.3.8). The email is normalized as {@code Email} normalizes it, even when it is not a valid address, and
 * kept only as its SHA-256: the counters never hold an address in clear.
 */
final class ThrottleKeys {
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final int IPV6_NETWORK_BYTES = 8;

    private ThrottleKeys() {}

    static String account(String submittedEmail) {
        return "login:account:" + digest(submittedEmail);
    }

    static String accountFromIp(String submittedEmail, String ip) {
        return "login:account-ip:" + digest(submittedEmail) + "@" + source(ip);
    }

    static String loginIp(String ip) {
        return "login:ip:" + source(ip);
    }

    static String registerIp(String ip) {
        return "register:ip:" + source(ip);
    }

    /** Requests of one kind ({@code forgot}, {@code verify}, ...) from one source. */
    static String requestIp(String kind, String ip) {
        return kind + ":ip:" + source(ip);
    }

    /** Emails of one kind sent to one address (as typed, whether or not it has an account). */
    static String requestAccount(String kind, String submittedEmail) {
        return kind + ":account:" + digest(submittedEmail);
    }

    /**
     * An IPv4 address as it is; an IPv6 address by its /64 network, the smallest block a provider hands one customer
     * (RFC 6177): counted per address, a single host could try 2^64 addresses in turn.
     */
    static String source(String ip) {
        String text = ip.strip();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        if (text.indexOf(':') < 0 || !IPV6_LITERAL.matcher(text).matches()) {
            return ip;
        }
        try {
            // brackets make InetAddress parse a literal or fail: never a DNS lookup of client-supplied text
            InetAddress address = InetAddress.getByName("[" + text + "]");
            if (!(address instanceof Inet6Address)) {
                return address.getHostAddress();
            }
            byte[] network = Arrays.copyOf(Arrays.copyOf(address.getAddress(), IPV6_NETWORK_BYTES), 16);
            return InetAddress.getByAddress(network).getHostAddress() + "/64";
        } catch (UnknownHostException notALiteral) {
            return ip;
        }
    }

    private static String digest(String submittedEmail) {
        String normalized = submittedEmail.strip().toLowerCase(Locale.ROOT);
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
