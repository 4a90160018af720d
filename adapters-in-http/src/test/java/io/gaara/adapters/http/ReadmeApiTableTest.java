package io.gaara.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's API table and {@code docs/openapi.yaml} say the same: the same routes, and for each the same statuses
 * (the table's column plus the ones it says every route can answer). The document is the contract the tests enforce;
 * the table is its short form for people, kept by hand and held to it here, so neither can change alone.
 */
class ReadmeApiTableTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path DOCUMENT = Path.of("..", "docs", "openapi.yaml");
    private static final Pattern ROW =
            Pattern.compile("^\\| `(GET|POST|PUT|PATCH|DELETE) (/[^`]*)` \\|[^|]*\\| ([0-9 ]+) \\|");
    private static final Pattern EVERY_ROUTE = Pattern.compile("every route can also answer: ([0-9, ]+)\\.");
    private static final Pattern STATUS = Pattern.compile("[0-9]{3}");

    @Test
    void givenTheReadmeTable_thenItListsTheDocumentsOperationsWithTheirStatuses() throws IOException {
        Map<String, Set<String>> table = readmeTable();
        Map<String, Set<String>> document = documentOperations(false);

        assertThat(table).as("README.md's API table; docs/openapi.yaml").isEqualTo(document);
    }

    @Test
    void givenTheReadmeSaysEveryGetAnswersHead_thenTheDocumentHasAHeadTwinOfEachGetWithItsStatuses()
            throws IOException {
        assertThat(Files.readString(README)).contains("Every `GET` route answers `HEAD` too");
        Map<String, Set<String>> heads = new TreeMap<>();
        documentOperations(true).forEach((operation, statuses) -> {
            if (operation.startsWith("HEAD ")) {
                heads.put(operation.replaceFirst("HEAD", "GET"), statuses);
            }
        });
        Map<String, Set<String>> gets = new TreeMap<>(documentOperations(false));
        gets.keySet().removeIf(operation -> !operation.startsWith("GET "));

        assertThat(heads).isEqualTo(gets);
    }

    /** Each row's {@code METHOD path}, and its statuses with those every route can answer. */
    private static Map<String, Set<String>> readmeTable() throws IOException {
        String readme = Files.readString(README);
        String section =
                readme.substring(readme.indexOf("## API\n"), readme.indexOf("\n## ", readme.indexOf("## API\n")));
        Matcher common = EVERY_ROUTE.matcher(section.replace('\n', ' '));
        assertThat(common.find())
                .as("the sentence naming what every route can answer")
                .isTrue();
        Set<String> everyRoute = statuses(common.group(1));
        Map<String, Set<String>> rows = new TreeMap<>();
        for (String line : section.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                Set<String> statuses = statuses(row.group(3));
                statuses.addAll(everyRoute);
                assertThat(rows.put(row.group(1) + " " + row.group(2), statuses))
                        .as("one row per operation: " + line)
                        .isNull();
            }
        }
        return rows;
    }

    private static Map<String, Set<String>> documentOperations(boolean withHead) throws IOException {
        JsonNode paths = new YAMLMapper().readTree(DOCUMENT.toFile()).get("paths");
        Map<String, Set<String>> operations = new TreeMap<>();
        paths.fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
                    String method = operation.getKey().toUpperCase(Locale.ROOT);
                    if (operation.getValue().has("responses") && (withHead || !method.equals("HEAD"))) {
                        Set<String> statuses = new TreeSet<>();
                        operation.getValue().get("responses").fieldNames().forEachRemaining(statuses::add);
                        operations.put(method + " " + path.getKey(), statuses);
                    }
                }));
        return operations;
    }

    private static Set<String> statuses(String text) {
        Set<String> statuses = new TreeSet<>();
        Matcher status = STATUS.matcher(text);
        while (status.find()) {
            statuses.add(status.group());
        }
        return statuses;
    }
}
