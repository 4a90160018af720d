package io.gaara.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.gaara.testsupport.OpenApiContract;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/openapi.json}: {@code docs/openapi.yaml} itself, as JSON, public and cacheable; and the copy the
 * build packs is that file, not a second one kept by hand.
 */
class OpenApiDocumentTest {
    private static final Path SOURCE = Path.of("..", "docs", "openapi.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = OpenApiContract.gaara().client();
    private HttpServer server;

    @BeforeEach
    void start() {
        server = HttpApi.create(new FakeApplication().useCases, new HttpSettings("127.0.0.1", 0, 4096), List.of())
                .start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> send(String method, String ifNoneMatch) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/openapi.json"))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void givenTheYamlSource_whenTheDocumentIsFetched_thenItIsThatSourceAsJson() throws Exception {
        var answer = send("GET", null);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(JSON.readTree(answer.body())).isEqualTo(new YAMLMapper().readTree(SOURCE.toFile()));
    }

    @Test
    void givenTheBuild_whenItPacksTheDocument_thenThePackedCopyIsTheSourceByteForByte() throws Exception {
        try (InputStream packed = OpenApiHandlers.class.getResourceAsStream(OpenApiHandlers.RESOURCE)) {
            assertThat(packed).isNotNull();
            assertThat(packed.readAllBytes()).isEqualTo(Files.readAllBytes(SOURCE));
        }
    }

    @Test
    void givenAPublicDocument_whenFetched_thenCacheableWithAnETagAndRevalidatedWith304() throws Exception {
        var first = send("GET", null);
        String etag = first.headers().firstValue("ETag").orElseThrow();

        assertThat(first.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
        var revalidated = send("GET", etag);
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();
        assertThat(revalidated.headers().firstValue("ETag")).hasValue(etag);
        assertThat(send("GET", "\"other\", W/" + etag).statusCode())
                .as("a list, weakly compared")
                .isEqualTo(304);
        assertThat(send("GET", "\"stale\"").statusCode()).isEqualTo(200);
    }

    @Test
    void givenHead_whenTheDocumentIsAskedFor_thenTheHeadersOfGetWithoutTheBody() throws Exception {
        var head = send("HEAD", null);
        var get = send("GET", null);

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("ETag")).isEqualTo(get.headers().firstValue("ETag"));
    }

    @Test
    void givenTheDocument_thenEveryOperationHasAnIdAndEveryReferenceResolves() throws Exception {
        JsonNode document = new YAMLMapper().readTree(SOURCE.toFile());
        List<String> broken = new ArrayList<>();
        collectBrokenReferences(document, document, "", broken);

        assertThat(broken).isEmpty();
        document.get("paths")
                .forEach(path -> path.forEach(operation -> {
                    if (operation.isObject() && operation.has("responses")) {
                        assertThat(operation.path("operationId").asText()).isNotBlank();
                    }
                }));
    }

    private static void collectBrokenReferences(JsonNode root, JsonNode node, String at, List<String> broken) {
        if (node.has("$ref") && root.at(node.get("$ref").asText().substring(1)).isMissingNode()) {
            broken.add(at + " -> " + node.get("$ref").asText());
        }
        node.fields().forEachRemaining(e -> collectBrokenReferences(root, e.getValue(), at + "/" + e.getKey(), broken));
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectBrokenReferences(root, node.get(i), at + "/" + i, broken);
            }
        }
    }

    @Test
    void givenEveryProblemKindTheServerAnswers_whenTheDocumentIsRead_thenEachTypeIsDocumented() throws Exception {
        JsonNode document = new YAMLMapper().readTree(SOURCE.toFile());
        List<String> documented = new ArrayList<>();
        document.at("/components/schemas/Problem/properties/type/enum").forEach(t -> documented.add(t.asText()));

        assertThat(documented)
                .containsAll(Arrays.stream(ProblemKind.values())
                        .map(kind -> "urn:gaara:problem:" + kind.slug())
                        .toList());
    }
}
