package io.gaara.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Gaara's OpenAPI 3.1 document ({@code docs/openapi.yaml}) as a test oracle: every response a test receives is held to
 * it, so code and contract cannot drift. The schemas are checked by networknt's json-schema-validator in its OpenAPI
 * 3.1 dialect (JSON Schema 2020-12, formats asserted); this class adds the HTTP part a schema validator does not know:
 * which operation a request reached, whether the document lists the status it got, the media type, the headers.
 *
 * <p>Requests are not validated: tests send bad requests on purpose, and the answer to those is what is checked.
 */
public final class OpenApiContract {
    /** Statuses the server answers from the request line or the connection, before any operation is matched. */
    private static final Set<Integer> BEFORE_ROUTING = Set.of(408, 501, 505);

    /** Where the build puts {@code docs/openapi.yaml}: the HTTP adapter's class path, which serves it. */
    public static final String GAARA_DOCUMENT = "/io/gaara/adapters/http/openapi.yaml";

    private static final String IRI = "https://gaara.invalid/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, OpenApiContract> LOADED = new ConcurrentHashMap<>();

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final List<PathTemplate> paths;
    private final Map<String, Schema> schemas;
    /** Headers (lower case) not checked while a known server gap is open; see {@link #waiving}. */
    private final Set<String> waivedHeaders;

    private OpenApiContract(JsonNode document) {
        this.document = document;
        // the document's own fields (openapi, paths, ...) are not schema keywords: read them as annotations, quietly
        Dialect openApi31 = Dialect.builder(Dialects.getOpenApi31())
                .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword))
                .build();
        this.registry = SchemaRegistry.withDialect(
                openApi31,
                builder -> builder.schemas(Map.of(IRI, document.toString()))
                        .schemaRegistryConfig(SchemaRegistryConfig.builder()
                                .formatAssertionsEnabled(true)
                                .build()));
        List<PathTemplate> templates = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(template -> templates.add(PathTemplate.of(template)));
        // a literal path wins over a template that would also match it
        templates.sort(Comparator.comparingInt(PathTemplate::variables));
        this.paths = List.copyOf(templates);
        this.schemas = new ConcurrentHashMap<>();
        this.waivedHeaders = Set.of();
    }

    private OpenApiContract(OpenApiContract contract, Set<String> waivedHeaders) {
        this.document = contract.document;
        this.registry = contract.registry;
        this.paths = contract.paths;
        this.schemas = contract.schemas;
        this.waivedHeaders = waivedHeaders;
    }

    /** Gaara's document, read once per test JVM. */
    public static OpenApiContract gaara() {
        return LOADED.computeIfAbsent(GAARA_DOCUMENT, OpenApiContract::fromClasspath);
    }

    /** A document on the class path, YAML or JSON. */
    public static OpenApiContract fromClasspath(String resource) {
        try (InputStream in = OpenApiContract.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return of(new YAMLMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A document given as a tree: a test plants a change in a copy of Gaara's to see the check catch it. */
    public static OpenApiContract of(JsonNode document) {
        return new OpenApiContract(document.deepCopy());
    }

    /**
     * This contract without the check of {@code headers}: for the answers of a known server gap only, named by
     * {@code gap} so the waiver is found and removed when the gap is closed (a test pins each gap open, and fails once
     * it is closed).
     */
    public OpenApiContract waiving(String gap, String... headers) {
        if (gap == null || gap.isBlank()) {
            throw new IllegalArgumentException("say which server gap the waiver is for");
        }
        Set<String> waived = new HashSet<>(waivedHeaders);
        for (String header : headers) {
            waived.add(header.toLowerCase(Locale.ROOT));
        }
        return new OpenApiContract(this, Set.copyOf(waived));
    }

    /** A copy of the document, to change. */
    public JsonNode document() {
        return document.deepCopy();
    }

    /** An HTTP client that checks every response it receives against this document. */
    public HttpClient client() {
        return new ContractCheckingHttpClient(HttpClient.newHttpClient(), this);
    }

    /** {@code delegate}, checking every response it receives against this document. */
    public HttpClient client(HttpClient delegate) {
        return new ContractCheckingHttpClient(delegate, this);
    }

    /**
     * Fails with every violation of the document by this response; the request's method and URI say which operation it
     * reached. A body handler that gives neither a {@code String} nor bytes leaves the body unchecked.
     */
    public <T> HttpResponse<T> check(HttpResponse<T> response) {
        Object body = response.body();
        String text = body instanceof String s
                ? s
                : body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : null;
        check(
                response.request().method(),
                response.uri(),
                response.statusCode(),
                response.headers().map(),
                text);
        return response;
    }

    /** Fails with every violation of the document by this answer (a raw socket's, say). */
    public void check(String method, URI uri, int status, Map<String, List<String>> headers, String body) {
        List<String> violations = violations(method, uri.getRawPath(), status, headers, body);
        if (!violations.isEmpty()) {
            throw new AssertionError("The answer to " + method + " " + uri.getRawPath() + " (" + status
                    + ") breaks docs/openapi.yaml:\n  - " + String.join("\n  - ", violations) + "\nheaders: "
                    + headers + "\nbody: " + body);
        }
    }

    /**
     * Fails with every violation of the document by a raw HTTP/1.1 exchange: {@code request} as sent on a socket (its
     * request line names the operation), {@code response} as read back (status line, headers, body). For the tests that
     * write what no HTTP client would send.
     */
    public void checkRaw(String request, String response) {
        String[] requestLine = request.split("\r\n", 2)[0].split(" ");
        String method = requestLine[0];
        String target = requestLine.length > 1 ? requestLine[1] : "/";
        int end = response.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("not a complete HTTP response: " + response);
        }
        String[] lines = response.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        String path = target.split("\\?", 2)[0];
        List<String> violations = violations(method, path, status, headers, response.substring(end + 4));
        if (!violations.isEmpty()) {
            throw new AssertionError("The raw answer to " + method + " " + path + " (" + status
                    + ") breaks docs/openapi.yaml:\n  - " + String.join("\n  - ", violations) + "\n" + response);
        }
    }

    /**
     * What is wrong with this answer to {@code method} on {@code rawPath} ({@code body} null when unknown): empty when
     * it conforms.
     */
    public List<String> violations(
            String method, String rawPath, int status, Map<String, List<String>> headers, String body) {
        List<String> violations = new ArrayList<>();
        String verb = method.toLowerCase(Locale.ROOT);
        Optional<PathTemplate> path =
                paths.stream().filter(p -> p.matches(rawPath)).findFirst();
        JsonNode operation = path.map(
                        p -> document.path("paths").path(p.template()).path(verb))
                .filter(JsonNode::isObject)
                .orElse(null);
        Ref response;
        String where;
        if (operation == null) {
            // no operation: only the answers the document gives for unrouted requests
            where = "an unrouted request (x-gaara-unrouted)";
            response = resolve(new Ref(
                    "/x-gaara-unrouted/" + status,
                    document.path("x-gaara-unrouted").path(Integer.toString(status))));
        } else {
            where = verb.toUpperCase(Locale.ROOT) + " " + path.get().template();
            JsonNode responses = operation.path("responses");
            String key = responses.has(Integer.toString(status))
                    ? Integer.toString(status)
                    : responses.has((status / 100) + "XX") ? (status / 100) + "XX" : "default";
            response = resolve(new Ref(
                    "/paths/" + escape(path.get().template()) + "/" + verb + "/responses/" + key, responses.path(key)));
            if (response.node().isMissingNode() && BEFORE_ROUTING.contains(status)) {
                // answered before any route was chosen (an HTTP version, a transfer coding, a timeout): the request
                // never reached this operation
                where = "a request refused before routing (x-gaara-unrouted)";
                response = resolve(new Ref(
                        "/x-gaara-unrouted/" + status,
                        document.path("x-gaara-unrouted").path(Integer.toString(status))));
            }
        }
        if (response.node().isMissingNode()) {
            violations.add("status " + status + " is not documented for " + where);
            return violations;
        }
        checkHeaders(response, headers, violations);
        checkContent(verb, response, headers, body, violations);
        return violations;
    }

    private void checkHeaders(Ref response, Map<String, List<String>> headers, List<String> violations) {
        Iterator<Map.Entry<String, JsonNode>> documented =
                response.node().path("headers").fields();
        while (documented.hasNext()) {
            Map.Entry<String, JsonNode> entry = documented.next();
            String name = entry.getKey();
            if (name.equalsIgnoreCase("Content-Type") || waivedHeaders.contains(name.toLowerCase(Locale.ROOT))) {
                continue; // Content-Type: OpenAPI 3.1 §4.8.17.1 ignores it, the media types say it
            }
            Ref header = resolve(new Ref(response.pointer() + "/headers/" + escape(name), entry.getValue()));
            List<String> values = valuesOf(headers, name);
            if (values.isEmpty()) {
                if (header.node().path("required").asBoolean(false)) {
                    violations.add("header " + name + " is required but absent");
                }
                continue;
            }
            if (values.size() > 1) {
                violations.add("header " + name + " is sent " + values.size() + " times: " + values);
            }
            if (header.node().has("schema")) {
                for (Error error : schema(header.pointer() + "/schema").validate(TextNode.valueOf(values.get(0)))) {
                    violations.add("header " + name + " '" + values.get(0) + "': " + error.getMessage());
                }
            }
        }
    }

    private void checkContent(
            String verb, Ref response, Map<String, List<String>> headers, String body, List<String> violations) {
        JsonNode content = response.node().path("content");
        boolean head = verb.equals("head");
        if (body != null && !body.isEmpty() && head) {
            violations.add("a HEAD answer has a body");
        }
        List<String> contentTypes = valuesOf(headers, "Content-Type");
        if (!content.isObject() || content.isEmpty()) {
            if (body != null && !body.isEmpty()) {
                violations.add("a body where the document describes none: " + body);
            }
            return;
        }
        if (contentTypes.isEmpty()) {
            if (!head) {
                violations.add("no Content-Type; the document describes " + names(content));
            }
            return;
        }
        String mediaType = contentTypes.get(0).split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!content.has(mediaType)) {
            violations.add("Content-Type " + contentTypes.get(0) + " where the document describes " + names(content));
            return;
        }
        if (head || body == null) {
            return;
        }
        JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            violations.add("the body is not JSON: " + e.getOriginalMessage());
            return;
        }
        if (instance == null || instance.isMissingNode()) {
            violations.add("the body is empty where the document describes " + mediaType);
            return;
        }
        if (content.path(mediaType).has("schema")) {
            String pointer = response.pointer() + "/content/" + escape(mediaType) + "/schema";
            for (Error error : schema(pointer).validate(instance)) {
                violations.add("body " + error.getInstanceLocation() + ": " + error.getMessage());
            }
        }
    }

    private Schema schema(String pointer) {
        return schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(IRI + "#" + p)));
    }

    /** Follows local {@code $ref}s, keeping the pointer of where the object really is. */
    private Ref resolve(Ref ref) {
        Ref current = ref;
        for (int hops = 0; current.node().has("$ref") && hops < 10; hops++) {
            String target = current.node().get("$ref").asText();
            if (!target.startsWith("#/")) {
                throw new IllegalStateException("only local references are supported: " + target);
            }
            String pointer = target.substring(1);
            current = new Ref(pointer, document.at(pointer));
        }
        return current;
    }

    private static List<String> valuesOf(Map<String, List<String>> headers, String name) {
        List<String> values = new ArrayList<>();
        new TreeMap<>(headers).forEach((key, list) -> {
            if (key != null && key.equalsIgnoreCase(name)) {
                values.addAll(list);
            }
        });
        return values;
    }

    private static String names(JsonNode content) {
        List<String> names = new ArrayList<>();
        content.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    /** RFC 6901. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private record Ref(String pointer, JsonNode node) {}

    private record PathTemplate(String template, Pattern pattern, int variables) {
        static PathTemplate of(String template) {
            StringBuilder regex = new StringBuilder("^");
            int variables = 0;
            for (String segment : template.split("/", -1)) {
                if (regex.length() > 1) {
                    regex.append('/');
                }
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    regex.append("[^/]+");
                    variables++;
                } else {
                    regex.append(Pattern.quote(segment));
                }
            }
            return new PathTemplate(template, Pattern.compile(regex.append('$').toString()), variables);
        }

        boolean matches(String rawPath) {
            return pattern.matcher(rawPath).matches();
        }
    }
}
