package io.gaara.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gaara.application.port.in.LoginCommand;
import io.gaara.application.port.in.RegisterCommand;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.Email;
import io.gaara.domain.Password;
import io.gaara.testsupport.Fuzz;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the request bodies of every route that reads one, through the real HTTP server on the in-memory application
 * (docs/SECURITY.md, Fuzzing): random bytes, bodies built from the route's own fields with values of every JSON type,
 * and edits of a valid body. Whatever arrives, the answer is never a 5xx; an error is problem+json and never repeats a
 * value the client sent (every string the fuzz puts in a field carries a mark that no message of ours has); a success
 * is one the route documents.
 */
class RequestBodyFuzzTest {
    private static final char MARK = '\u00a7';
    private static final Set<Integer> SUCCESSES = Set.of(200, 201, 202, 204);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CONTENT_TYPES = {
        "application/json",
        "application/json",
        "application/json",
        "application/json; charset=utf-8",
        "application/problem+json",
        "text/plain",
        "application/json; charset=latin1",
        "application/json; charset=\"UTF-8\"; x=y",
        ""
    };
    private static final Route[] ROUTES = {
        new Route("POST", "/register", false, "email", "password"),
        new Route("POST", "/login", false, "email", "password"),
        new Route("POST", "/password/change", true, "current_password", "new_password"),
        new Route("POST", "/password/forgot", false, "email"),
        new Route("POST", "/password/reset", false, "token", "new_password"),
        new Route("POST", "/email/verify", false, "token"),
        new Route("POST", "/email/verify/resend", false, "email"),
        new Route("POST", "/email/change", true, "new_email", "password"),
        new Route("POST", "/refresh", false, "refresh_token"),
        new Route("POST", "/logout", false, "refresh_token"),
        new Route("POST", "/logout-all", true),
        new Route("DELETE", "/me", true, "password"),
        new Route("DELETE", "/sessions/{id}", true),
    };

    private static FakeApplication app;
    private static HttpServer server;
    private static HttpClient client;
    private static int accounts;
    private static String email;
    private static String password;
    /** The last exchange, for the report when the server closes a connection without an answer. */
    private static String previous = "none";

    @BeforeAll
    static void start() {
        app = new FakeApplication();
        server = HttpApi.create(app.useCases, new HttpSettings("127.0.0.1", 0, 4096), List.of())
                .start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        newAccount();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @FuzzTest
    void aRequestBodyGetsADocumentedSuccessOrAProblemThatEchoesNothing(FuzzedDataProvider data) throws Exception {
        // the fuzzer's network sanitizer reports any connection it is not told about; ours stay on this machine
        try (SilentCloseable loopbackOnly = BugDetectors.allowNetworkConnections((host, port) -> isLoopback(host))) {
            exchange(data);
        }
    }

    private static void exchange(FuzzedDataProvider data) throws Exception {
        Route route = data.pickValue(ROUTES);
        String contentType = data.pickValue(CONTENT_TYPES);
        String bearer = route.authenticated() && data.consumeInt(0, 3) > 0 ? accessToken() : null;
        String path =
                route.path().replace("{id}", URLEncoder.encode(MARK + data.consumeString(40), StandardCharsets.UTF_8));
        byte[] body = switch (data.consumeInt(0, 2)) {
            case 0 -> data.consumeRemainingAsBytes();
            case 1 -> Fuzz.edit(Fuzz.utf8(validBody(route)), data, 4);
            default -> Fuzz.utf8(builtBody(route, data));
        };

        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + HttpApi.PREFIX + path))
                .timeout(Duration.ofSeconds(30))
                .method(route.method(), HttpRequest.BodyPublishers.ofByteArray(body));
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        String sent = route.method() + " " + path + " (" + (contentType.isEmpty() ? "no content type" : contentType)
                + (bearer == null ? "" : ", bearer") + ") " + new String(body, StandardCharsets.UTF_8);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // a connection closed without an answer: once Jetty's silent close after its own 400 (HttpApiTest)
            throw new AssertionError("no answer to " + sent + "; the exchange before: " + previous, e);
        }
        String exchange =
                sent + " -> " + response.statusCode() + " " + response.headers().map() + " " + response.body();
        previous = exchange;
        if (SUCCESSES.contains(response.statusCode())) {
            if (response.statusCode() != 204) {
                assertThat(response.headers().firstValue("Content-Type"))
                        .as(exchange)
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            }
            return;
        }
        assertThat(response.statusCode()).as(exchange).isBetween(400, 499);
        assertThat(response.headers().firstValue("Content-Type")).as(exchange).hasValue(ProblemMapper.PROBLEM_JSON);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).as(exchange).startsWith("urn:gaara:problem:");
        assertThat(response.body())
                .as(exchange)
                .doesNotContain(String.valueOf(MARK))
                .doesNotContainIgnoringCase("\\u00a7");
    }

    /** A body the route accepts, for the account in use; edits of it reach past the parser into the rules. */
    private static String validBody(Route route) {
        StringBuilder json = new StringBuilder("{");
        for (String field : route.fields()) {
            String value = switch (field) {
                case "email" -> email;
                case "new_email" -> "other-" + accounts + "@example.com";
                case "password", "current_password" -> password;
                default -> MARK + "long enough new secret " + field;
            };
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(field).append("\":").append(quote(value));
        }
        return json.append('}').toString();
    }

    /** The route's fields (some dropped, some twice, one stranger) with values of every JSON type. */
    private static String builtBody(Route route, FuzzedDataProvider data) {
        List<String> members = new ArrayList<>();
        for (String field : route.fields()) {
            int copies = data.consumeInt(0, 2);
            for (int i = 0; i < copies; i++) {
                members.add(quote(field) + ":" + value(data));
            }
        }
        if (data.consumeBoolean()) {
            members.add(quote(MARK + data.consumeString(12)) + ":" + value(data));
        }
        return "{" + String.join(",", members) + "}";
    }

    private static String value(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 7)) {
            case 0 -> "null";
            case 1 -> String.valueOf(data.consumeBoolean());
            case 2 -> String.valueOf(data.consumeLong());
            case 3 -> "1e999";
            case 4 -> "[" + quote(MARK + data.consumeString(8)) + "]";
            case 5 -> "{\"x\":" + quote(MARK + data.consumeString(8)) + "}";
            // escapes JSON allows and text does not: a lone surrogate, a NUL, a line separator
            case 6 ->
                "\"" + MARK + data.pickValue(new String[] {"\\ud800", "\\u0000", "\\u2028", "\\udc00x", "\\\""}) + "\"";
            default -> quote(MARK + data.consumeString(80));
        };
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An access token for the account in use; when the fuzz has changed its password, deleted it, or locked it by
     * failed logins, a new account takes its place, a day later, when every lock has expired.
     */
    private static String accessToken() {
        try {
            return login();
        } catch (RuntimeException refused) {
            app.clock.advance(Duration.ofDays(1));
            newAccount();
            return login();
        }
    }

    private static String login() {
        return app.useCases
                .login()
                .login(new LoginCommand(email, new Password(password), ClientInfo.UNKNOWN))
                .accessToken();
    }

    private static void newAccount() {
        accounts++;
        // unguessable: an edited body may register fuzz-2 while fuzz-1 is in use
        email = "fuzz-" + accounts + "-" + UUID.randomUUID() + "@example.com";
        password = MARK + "correct horse battery " + accounts;
        // an address of its own: registrations are limited per client address
        ClientInfo client = new ClientInfo("10.77." + (accounts >> 8 & 255) + "." + (accounts & 255), "fuzz");
        app.useCases.register().register(new RegisterCommand(new Email(email), new Password(password), client));
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    record Route(String method, String path, boolean authenticated, String... fields) {}
}
