package io.gaara.adapters.http;

/** Where the API listens and how much it accepts. */
public record HttpSettings(String host, int port, int maxRequestBytes) {
    public static final int DEFAULT_MAX_REQUEST_BYTES = 16 * 1024;

    public HttpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("HTTP host is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HTTP port must be between 0 and 65535");
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("HTTP request limit must be at least 1024 bytes");
        }
    }
}
