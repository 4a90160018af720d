package io.gaara.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CORS: off unless origins are listed (a bearer API needs none), and for a listed origin preflights answered as the
 * Fetch standard asks. The preflight is the one Chrome sends for a JSON login from another origin.
 */
class CorsTest {
    private static final String FRONT_END = "https://app.example.com";

    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer server;

    private void start(List<String> origins) {
        HttpSettings defaults = new HttpSettings("127.0.0.1", 0, 4096);
        HttpSettings settings = new HttpSettings(
                defaults.host(),
                defaults.port(),
                defaults.maxRequestBytes(),
                defaults.drainTimeout(),
                defaults.maxConnections(),
                defaults.hashing(),
                List.of(),
                origins);
        server = HttpApi.create(new FakeApplication().useCases, settings, List.of())
                .start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/auth/login"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin)
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "content-type")
                        .header("Sec-Fetch-Mode", "cors")
                        .header("Sec-Fetch-Site", "cross-site")
                        .header("Sec-Fetch-Dest", "empty")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void givenNoOriginsListed_whenABrowserPreflights_thenNoCorsHeaderSoTheBrowserRefuses() throws Exception {
        start(List.of());

        var answer = preflight(FRONT_END);

        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(answer.statusCode()).isGreaterThanOrEqualTo(400);
    }

    @Test
    void givenAListedOrigin_whenItsBrowserPreflightsAndCalls_thenAllowedForThatOriginOnly() throws Exception {
        start(List.of(FRONT_END));

        var allowed = preflight(FRONT_END);
        var other = preflight("https://evil.example.net");

        assertThat(allowed.statusCode()).isBetween(200, 299);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(FRONT_END);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods").orElse(""))
                .containsIgnoringCase("POST");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                .containsIgnoringCase("content-type");
        assertThat(allowed.headers().allValues("Vary")).anyMatch(v -> v.contains("Origin"));
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials"))
                .isEmpty();
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        var call = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/auth/me"))
                        .header("Origin", FRONT_END)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(call.statusCode()).isEqualTo(401);
        assertThat(call.headers().firstValue("Access-Control-Allow-Origin")).hasValue(FRONT_END);
        assertThat(call.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
                .containsIgnoringCase("WWW-Authenticate")
                .containsIgnoringCase("Retry-After");
    }

    @Test
    void givenSomethingThatIsNotAnOrigin_whenConfigured_thenRefusedAtStartup() {
        for (String wrong :
                List.of("*", "https://app.example.com/", "https://app.example.com/login", "app.example.com")) {
            assertThatThrownBy(() -> HttpSettings.origin(wrong)).as(wrong).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(HttpSettings.origin("HTTPS://App.Example.com:8443")).isEqualTo("https://app.example.com:8443");
    }
}
