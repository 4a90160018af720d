package io.gaara.adapters.secrets.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shapes of Vault's HTTP answers and the Go formats inside them, for {@link VaultDouble}.
 *
 * <p>Sources (hashicorp/vault): {@code sdk/logical/response_util.go} ({@code RespondError}: an error body is
 * {@code {"errors":[one string]}}; {@code RespondErrorCommon}: a backend's error response gives the text, the returned
 * error the status), {@code sdk/logical/translate_response.go} (the success envelope), hashicorp/go-multierror
 * {@code format.go} ({@code ListFormatFunc}), {@code sdk/framework/lease.go} ({@code humanDuration}) and Go's
 * {@code time.Duration.String}.
 */
final class VaultDoubleAnswers {
    static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private VaultDoubleAnswers() {}

    /** The success envelope of a logical request, with {@code fields} laid over its defaults. */
    static ResponseDefinition ok(Map<String, Object> fields) {
        return json(200, envelopeBody(fields));
    }

    /** The success envelope with this {@code data} at {@code status} (KV v2 answers a deleted version 404 so). */
    static ResponseDefinition envelope(int status, Object data) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("data", data);
        return json(status, envelopeBody(fields));
    }

    static Map<String, Object> envelopeBody(Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", UUID.randomUUID().toString());
        body.put("lease_id", "");
        body.put("renewable", false);
        body.put("lease_duration", 0);
        body.put("data", null);
        body.put("wrap_info", null);
        body.put("warnings", null);
        body.put("auth", null);
        body.putAll(fields);
        return body;
    }

    /** 204 and no body: a write or delete whose handler returned nothing ({@code http/handler.go respondOk}). */
    static ResponseDefinition noContent() {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(204)
                .withHeader("Cache-Control", "no-store")
                .build();
    }

    /** A read that found nothing: 404 {@code {"errors":[]}} ({@code RespondErrorCommon}, ReadOperation, nil). */
    static ResponseDefinition notFound() {
        return json(404, Map.of("errors", List.of()));
    }

    /** An error body with exactly this text. */
    static ResponseDefinition error(int status, String message) {
        return json(status, Map.of("errors", List.of(message)));
    }

    /**
     * Go's {@code multierror.ListFormatFunc}: "1 error occurred:\n\t* a\n\n", "2 errors occurred:\n\t* a\n\t* b\n\n".
     */
    static String multierror(String... errors) {
        StringBuilder text = new StringBuilder();
        text.append(errors.length).append(errors.length == 1 ? " error occurred:\n\t" : " errors occurred:\n\t");
        for (int i = 0; i < errors.length; i++) {
            text.append(i == 0 ? "" : "\n\t").append("* ").append(errors[i]);
        }
        return text.append("\n\n").toString();
    }

    /** A router error on an authenticated request: core wraps it in a multierror ({@code handleRequest}). */
    static ResponseDefinition wrapped(int status, String error) {
        return error(status, multierror(error));
    }

    /** {@code no handler for route "x". route entry not found.}: a path under no mount (vault/router.go). */
    static ResponseDefinition noRoute(String route) {
        return error(404, "no handler for route \"" + route + "\". route entry not found.");
    }

    static ResponseDefinition json(int status, Object body) {
        try {
            return ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Cache-Control", "no-store")
                    .withBody(JSON.writeValueAsString(body))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Go's {@code time.Duration.String()}: "0s", "1.5s", "2m0s", "1h0m0s", "720h0m0s", "-1s", "500ms". */
    static String goDuration(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long u = Math.abs(nanos);
        if (u < 1_000_000_000L) {
            if (u < 1_000L) {
                return sign + u + "ns";
            }
            return u < 1_000_000L ? sign + fraction(u, 3) + "µs" : sign + fraction(u, 6) + "ms";
        }
        StringBuilder text = new StringBuilder(fraction(u % 60_000_000_000L, 9)).append('s');
        long minutes = u / 60_000_000_000L;
        if (minutes > 0) {
            text.insert(0, (minutes % 60) + "m");
            long hours = minutes / 60;
            if (hours > 0) {
                text.insert(0, hours + "h");
            }
        }
        return sign + text;
    }

    /** {@code sdk/framework/lease.go humanDuration}: Go's format without zero trailing units, "1h", "2m", "1h5s". */
    static String humanDuration(Duration duration) {
        String text = goDuration(duration);
        if (duration.isZero()) {
            return text;
        }
        if (text.endsWith("m0s")) {
            text = text.substring(0, text.length() - 2);
        }
        int at = text.indexOf("h0m");
        if (at > 0) {
            text = text.substring(0, at + 1) + text.substring(at + 3);
        }
        return text;
    }

    private static String fraction(long value, int digits) {
        return BigDecimal.valueOf(value, digits).stripTrailingZeros().toPlainString();
    }

    /**
     * A duration field as Vault's {@code framework.TypeDurationSecond} parses it: a number of seconds or a Go duration
     * string ("90", "90s", "1h30m").
     */
    static Duration parseDuration(JsonNode value) {
        if (value.isNumber()) {
            return Duration.ofSeconds(value.asLong());
        }
        String text = value.asText("").trim();
        if (text.matches("-?\\d+")) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        boolean negative = text.startsWith("-");
        String rest = negative ? text.substring(1) : text;
        Matcher part = GO_DURATION.matcher(rest);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            BigDecimal unit = switch (part.group(2)) {
                case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
                case "m" -> BigDecimal.valueOf(60_000_000_000L);
                case "s" -> BigDecimal.valueOf(1_000_000_000L);
                case "ms" -> BigDecimal.valueOf(1_000_000L);
                case "us", "µs" -> BigDecimal.valueOf(1_000L);
                default -> BigDecimal.ONE;
            };
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(unit));
            end = part.end();
        }
        if (end == 0 || end != rest.length()) {
            throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
        }
        Duration parsed = Duration.ofNanos(nanos.longValue());
        return negative ? parsed.negated() : parsed;
    }
}
