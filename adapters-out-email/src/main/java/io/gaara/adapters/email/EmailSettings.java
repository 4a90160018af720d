package io.gaara.adapters.email;

import io.gaara.adapters.email.SmtpSettings.TlsMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How Gaara sends email, read once from configuration so that a bad value fails at startup with the variable's name in
 * the message. Holds no secret: the SendGrid key and the SMTP password are read through the secrets platform.
 *
 * @param provider which adapter sends
 * @param from the sender of every message
 * @param sendGrid SendGrid's settings when {@code provider} is {@link Provider#SENDGRID}, else null
 * @param smtp the SMTP server when {@code provider} is {@link Provider#SMTP}, else null
 * @param templates the renderer's settings
 */
public record EmailSettings(
        Provider provider, FromAddress from, SendGridSettings sendGrid, SmtpSettings smtp, TemplateSettings templates) {

    public static final String PROVIDER = "GAARA_EMAIL_PROVIDER";
    public static final String FROM = "GAARA_EMAIL_FROM";
    public static final String SMTP_HOST = "GAARA_SMTP_HOST";
    public static final String SMTP_PORT = "GAARA_SMTP_PORT";
    public static final String SMTP_USERNAME = "GAARA_SMTP_USERNAME";
    public static final String SMTP_TLS = "GAARA_SMTP_TLS";
    public static final String SMTP_CA_CERT = "GAARA_SMTP_CA_CERT";
    public static final String SENDGRID_BASE_URL = "GAARA_SENDGRID_BASE_URL";
    public static final String CONNECT_TIMEOUT = "GAARA_EMAIL_CONNECT_TIMEOUT";
    public static final String TIMEOUT = "GAARA_EMAIL_TIMEOUT";
    public static final String TEMPLATES_DIR = "GAARA_EMAIL_TEMPLATES_DIR";
    public static final String PRODUCT_NAME = "GAARA_EMAIL_PRODUCT_NAME";
    public static final String SUPPORT_EMAIL = "GAARA_EMAIL_SUPPORT_EMAIL";

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The sender of development messages when {@value #FROM} is not set. */
    public static final String DEVELOPMENT_FROM = "Gaara <no-reply@gaara.localhost>";

    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");

    /** The adapter that sends. */
    public enum Provider {
        /** SendGrid's v3 mail-send API. */
        SENDGRID,
        /** An SMTP server (on-premises relay, Amazon SES, Postmark, Mailgun...). */
        SMTP,
        /** A {@code .eml} file per message on local disk: development only. */
        FILE;

        /** The name as written in {@value #PROVIDER}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public EmailSettings {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(templates, "templates");
        if ((provider == Provider.SENDGRID) != (sendGrid != null) || (provider == Provider.SMTP) != (smtp != null)) {
            throw new IllegalArgumentException(
                    "the " + provider.configName() + " provider needs its settings and no" + " other provider's");
        }
    }

    /** {@link #fromConfig(Map, boolean)} outside production: without {@value #PROVIDER}, messages go to files. */
    public static EmailSettings fromConfig(Map<String, String> config) {
        return fromConfig(config, false);
    }

    /**
     * Reads the settings from configuration (the process environment in production), failing with an
     * {@link IllegalArgumentException} that names the variable at fault.
     *
     * <p>Variables: {@value #PROVIDER} = {@code sendgrid} | {@code smtp} | {@code file} (required in production, else
     * default {@code file}); {@value #FROM} ({@code addr} or {@code Name <addr>}; required for sendgrid and smtp);
     * {@value #SENDGRID_BASE_URL} (default {@code https://api.sendgrid.com}); {@value #SMTP_HOST} (required for smtp),
     * {@value #SMTP_TLS} = {@code starttls} (default) | {@code tls} | {@code none}, {@value #SMTP_PORT} (default 587
     * for starttls, 465 for tls, 25 for none), {@value #SMTP_USERNAME}, {@value #SMTP_CA_CERT} (a PEM file of CAs to
     * trust); {@value #CONNECT_TIMEOUT} (default 5s) and {@value #TIMEOUT} (default 10s), written {@code 500ms},
     * {@code 5s}, {@code 1m} or ISO-8601; {@value #TEMPLATES_DIR}, {@value #PRODUCT_NAME} (default Gaara),
     * {@value #SUPPORT_EMAIL}.
     *
     * @param production whether the server runs in production, where sending to files by default would lose mail
     */
    public static EmailSettings fromConfig(Map<String, String> config, boolean production) {
        Objects.requireNonNull(config, "config");
        String providerText = value(config, PROVIDER);
        if (providerText == null && production) {
            throw new IllegalArgumentException(
                    PROVIDER + " is required in production: sendgrid or smtp (file only writes messages to disk)");
        }
        Provider provider = providerText == null ? Provider.FILE : provider(providerText);
        String fromText = value(config, FROM);
        if (fromText == null && provider != Provider.FILE) {
            throw new IllegalArgumentException(FROM + " is required with " + PROVIDER + "=" + provider.configName()
                    + " (e.g. Example <no-reply@example.com>, an address your provider lets you send from)");
        }
        FromAddress from = named(FROM, () -> FromAddress.parse(fromText == null ? DEVELOPMENT_FROM : fromText));
        Duration connectTimeout = duration(config, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
        Duration timeout = duration(config, TIMEOUT, DEFAULT_TIMEOUT);
        SendGridSettings sendGrid = provider != Provider.SENDGRID
                ? null
                : named(
                        SENDGRID_BASE_URL,
                        () -> new SendGridSettings(
                                uri(valueOr(config, SENDGRID_BASE_URL, SendGridSettings.DEFAULT_BASE_URL.toString())),
                                from,
                                connectTimeout,
                                timeout));
        SmtpSettings smtp = provider != Provider.SMTP ? null : smtp(config, from, connectTimeout, timeout);
        String templatesDir = value(config, TEMPLATES_DIR);
        TemplateSettings templates = named(
                PRODUCT_NAME + " / " + SUPPORT_EMAIL,
                () -> new TemplateSettings(
                        templatesDir == null ? null : Path.of(templatesDir),
                        valueOr(config, PRODUCT_NAME, TemplateSettings.DEFAULT_PRODUCT_NAME),
                        value(config, SUPPORT_EMAIL)));
        return new EmailSettings(provider, from, sendGrid, smtp, templates);
    }

    private static SmtpSettings smtp(
            Map<String, String> config, FromAddress from, Duration connectTimeout, Duration timeout) {
        String host = value(config, SMTP_HOST);
        if (host == null) {
            throw new IllegalArgumentException(SMTP_HOST + " is required with " + PROVIDER + "=smtp");
        }
        TlsMode tls = tlsMode(valueOr(config, SMTP_TLS, TlsMode.STARTTLS.configName()));
        int port = port(config, tls);
        String username = value(config, SMTP_USERNAME);
        String caCert = value(config, SMTP_CA_CERT);
        return named(
                SMTP_HOST + " / " + SMTP_USERNAME + " / " + SMTP_TLS,
                () -> new SmtpSettings(
                        host,
                        port,
                        username,
                        tls,
                        from,
                        connectTimeout,
                        timeout,
                        caCert == null ? null : Path.of(caCert)));
    }

    private static Provider provider(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "sendgrid" -> Provider.SENDGRID;
            case "smtp" -> Provider.SMTP;
            case "file" -> Provider.FILE;
            default ->
                throw new IllegalArgumentException(
                        PROVIDER + " must be one of " + allowed(Provider.values()) + " (was '" + text + "')");
        };
    }

    private static TlsMode tlsMode(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "none" -> TlsMode.NONE;
            case "starttls" -> TlsMode.STARTTLS;
            case "tls" -> TlsMode.TLS;
            default ->
                throw new IllegalArgumentException(
                        SMTP_TLS + " must be one of starttls, tls, none (was '" + text + "')");
        };
    }

    private static int port(Map<String, String> config, TlsMode tls) {
        String text = value(config, SMTP_PORT);
        if (text == null) {
            return tls.defaultPort();
        }
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(SMTP_PORT + " must be a port between 1 and 65535 (was '" + text + "')");
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL (" + e.getReason() + ")");
        }
    }

    private static Duration duration(Map<String, String> config, String key, Duration fallback) {
        String text = value(config, key);
        if (text == null) {
            return fallback;
        }
        Duration parsed = null;
        Matcher simple = SIMPLE_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (simple.matches()) {
            try {
                long amount = Long.parseLong(simple.group(1));
                parsed = switch (simple.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    default -> Duration.ofMinutes(amount);
                };
            } catch (NumberFormatException | ArithmeticException e) {
                // more digits than a long holds, or more minutes than a Duration: out of range, reported below
            }
        } else {
            try {
                parsed = Duration.parse(text);
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        if (parsed == null || parsed.isNegative() || parsed.isZero() || parsed.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    key + " must be a duration between 1ms and 5m such as 500ms, 5s or PT5S (was '" + text + "')");
        }
        return parsed;
    }

    /** Builds a value whose own check names what is wrong; the message gains the variables it came from. */
    private static <T> T named(String names, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(names + ": " + e.getMessage(), e);
        }
    }

    private static String allowed(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    private static String value(Map<String, String> config, String key) {
        String value = config.get(key);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String valueOr(Map<String, String> config, String key, String fallback) {
        return Objects.requireNonNullElse(value(config, key), fallback);
    }

    static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}
