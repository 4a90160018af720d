package io.gaara.domain;

/**
 * Where a request came from, as far as the server can tell. Both values are client-controlled text, so they are bounded
 * and stripped of control characters here, once, before they can reach a log line or a table (ASVS 16.4.1).
 */
public record ClientInfo(String ip, String userAgent) {
    public static final int MAX_IP = 64;
    public static final int MAX_USER_AGENT = 512;
    public static final ClientInfo UNKNOWN = new ClientInfo("unknown", "");

    public ClientInfo {
        ip = clean(ip, MAX_IP);
        userAgent = clean(userAgent, MAX_USER_AGENT);
        if (ip.isEmpty()) {
            ip = "unknown";
        }
    }

    private static String clean(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        text.codePoints()
                .filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT)
                .limit(max)
                .forEach(out::appendCodePoint);
        return out.toString().strip();
    }
}
