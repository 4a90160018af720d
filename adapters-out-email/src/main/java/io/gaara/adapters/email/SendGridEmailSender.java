package io.gaara.adapters.email;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gaara.application.port.out.email.EmailDeliveryException;
import io.gaara.application.port.out.email.EmailMessage;
import io.gaara.application.port.out.email.EmailSender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each message to SendGrid's v3 mail-send API ({@code POST /v3/mail/send}) with the JDK's HTTP client. The API
 * key is read at each send from the secrets platform, so a rotated key is used at once.
 *
 * <p>{@code 2xx} is accepted. {@code 429} and {@code 5xx}, timeouts and refused connections are worth another try
 * ({@code Retry-After} is passed on when SendGrid sends one); any other {@code 4xx} (a bad request, a bad or
 * unauthorised key, a message too large) is not. The exception names the status and SendGrid's {@code errors[].message}
 * on one line, never the key or the body.
 *
 * <p>Click tracking is switched off for every message: it would rewrite each link, one-time tokens included, into a
 * redirect through SendGrid's (or a branded) tracking domain, whose logs would then hold them.
 */
public final class SendGridEmailSender implements EmailSender {
    /** The secret holding the API key. */
    public static final String API_KEY_SECRET = "SENDGRID_API_KEY";

    /** The JDK HTTP client's own logging; with headers in it, every request's Authorization header is printed. */
    static final String JDK_HTTP_LOG_PROPERTY = "jdk.httpclient.HttpClient.log";

    private static final Logger log = LoggerFactory.getLogger(SendGridEmailSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASON = 300;

    private final SendGridSettings settings;
    private final Supplier<String> apiKey;
    private final Clock clock;
    private final URI endpoint;
    private final HttpClient client;

    /**
     * @param apiKey reads the {@value #API_KEY_SECRET} secret (through the secrets cache)
     * @param clock turns a {@code Retry-After} date into a wait
     */
    public SendGridEmailSender(SendGridSettings settings, Supplier<String> apiKey, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.endpoint = settings.mailSendUri();
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // one request per message: HTTP/1.1 keeps the exchange plain for proxies and test doubles
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        String jdkLog = System.getProperty(JDK_HTTP_LOG_PROPERTY, "").toLowerCase(Locale.ROOT);
        if (jdkLog.contains("all") || jdkLog.contains("headers")) {
            log.warn(
                    "-D{}={} makes the JDK print the headers of every request, the SendGrid API key in"
                            + " Authorization included: remove it outside a short debugging session",
                    JDK_HTTP_LOG_PROPERTY,
                    jdkLog);
        }
    }

    @Override
    public void send(EmailMessage message) {
        String key = key();
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(message)))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new EmailDeliveryException(
                    "sendgrid: no answer within " + settings.requestTimeout().toMillis() + " ms ("
                            + e.getClass().getSimpleName() + ")",
                    true,
                    e);
        } catch (IOException e) {
            throw new EmailDeliveryException(
                    "sendgrid: " + endpoint.getHost() + " could not be reached: "
                            + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage(), key),
                    true,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmailDeliveryException("sendgrid: interrupted while sending", true, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String text = "sendgrid answered " + status + ": " + errors(response.body(), key);
        if (status == 429 || status >= 500) {
            throw new EmailDeliveryException(text, true, retryAfter(response).orElse(null));
        }
        throw new EmailDeliveryException(text, false, (Duration) null);
    }

    @Override
    public String providerName() {
        return "sendgrid";
    }

    private String key() {
        String key;
        try {
            key = apiKey.get();
        } catch (RuntimeException e) {
            // an outage of the secrets platform passes; its messages never hold a value
            throw new EmailDeliveryException(
                    "sendgrid: the " + API_KEY_SECRET + " secret could not be read: "
                            + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage(), null),
                    true,
                    e);
        }
        if (key == null || key.isBlank()) {
            throw new EmailDeliveryException(
                    "sendgrid: the " + API_KEY_SECRET + " secret is missing or empty", false, (Duration) null);
        }
        key = key.strip();
        if (!key.chars().allMatch(c -> c > ' ' && c < 127)) {
            // HttpClient would refuse the header with the value in its message
            throw new EmailDeliveryException(
                    "sendgrid: the " + API_KEY_SECRET + " secret holds characters an API key cannot have",
                    false,
                    (Duration) null);
        }
        return key;
    }

    /** The request as SendGrid's v3 documentation gives it: one personalization, text/plain before text/html. */
    byte[] body(EmailMessage message) {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("personalizations")
                .addObject()
                .putArray("to")
                .addObject()
                .put("email", message.to().value());
        ObjectNode from =
                root.putObject("from").put("email", settings.from().address().value());
        if (settings.from().name() != null) {
            from.put("name", settings.from().name());
        }
        root.put("subject", message.subject());
        ArrayNode content = root.putArray("content");
        content.addObject().put("type", "text/plain").put("value", message.text());
        if (message.html() != null) {
            content.addObject().put("type", "text/html").put("value", message.html());
        }
        root.putObject("tracking_settings")
                .putObject("click_tracking")
                .put("enable", false)
                .put("enable_text", false);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new EmailDeliveryException("sendgrid: the request could not be written", false, e);
        }
    }

    private Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /** SendGrid's {@code errors[].message}, joined on one line; never the raw body, which could echo the request. */
    private static String errors(String body, String key) {
        List<String> messages = new ArrayList<>();
        try {
            JsonNode errors = JSON.readTree(body == null ? "" : body).path("errors");
            for (JsonNode error : errors) {
                String text = error.path("message").asText("");
                if (!text.isBlank()) {
                    messages.add(text);
                }
            }
        } catch (JsonProcessingException e) {
            return "(no error detail)";
        }
        return messages.isEmpty() ? "(no error detail)" : oneLine(String.join("; ", messages), key);
    }

    private static String oneLine(String text, String key) {
        if (text == null) {
            return "(no detail)";
        }
        String line = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (key != null && !key.isEmpty()) {
            line = line.replace(key, "[redacted]");
        }
        return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "...";
    }
}
