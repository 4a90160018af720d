package io.gaara.adapters.email;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * SendGrid's {@code POST /v3/mail/send} on 127.0.0.1 (WireMock), answering {@code 202 Accepted} with an empty body as
 * the real one does, or what a test sets; a JUnit extension starting a fresh double before each test.
 */
final class SendGridDouble implements BeforeEachCallback, AfterEachCallback {
    static final String PATH = "/v3/mail/send";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WireMockServer server;

    @Override
    public void beforeEach(ExtensionContext context) {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        answer(aResponse().withStatus(202));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.stop();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** Every request from now on gets this answer. */
    void answer(ResponseDefinitionBuilder response) {
        server.resetMappings();
        server.stubFor(post(urlEqualTo(PATH)).willReturn(response));
    }

    /** An error answer the way SendGrid writes them: {@code {"errors":[{"message":...,"field":...}]}}. */
    void answerError(int status, String... messages) {
        StringBuilder body = new StringBuilder("{\"errors\":[");
        for (int i = 0; i < messages.length; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"message\":")
                    .append(quote(messages[i]))
                    .append(",\"field\":null,\"help\":null}");
        }
        answer(aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body.append("]}").toString()));
    }

    List<LoggedRequest> requests() {
        return server.findAll(postRequestedFor(urlEqualTo(PATH)));
    }

    /** The requests read back as messages. */
    List<ReceivedEmail> received() {
        List<ReceivedEmail> received = new ArrayList<>();
        for (LoggedRequest request : requests()) {
            JsonNode body = read(request.getBodyAsString());
            List<String> to = new ArrayList<>();
            body.path("personalizations")
                    .path(0)
                    .path("to")
                    .forEach(t -> to.add(t.path("email").asText()));
            List<String> types = new ArrayList<>();
            String text = null;
            String html = null;
            for (JsonNode content : body.path("content")) {
                String type = content.path("type").asText();
                types.add(type);
                if (type.equals("text/plain")) {
                    text = content.path("value").asText();
                } else if (type.equals("text/html")) {
                    html = content.path("value").asText();
                }
            }
            JsonNode from = body.path("from");
            received.add(new ReceivedEmail(
                    to,
                    from.path("email").asText(),
                    from.has("name") ? from.path("name").asText() : null,
                    body.path("subject").asText(),
                    text,
                    html,
                    types));
        }
        return received;
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
