package io.gaara.adapters.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.testsupport.CapturedLogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the {@code .env} secrets file parser (docs/SECURITY.md, Fuzzing): any file yields its values or one clear
 * error naming the file (and the line, never its text), and no value reaches a log line or an exception. Values carry a
 * mark that nothing else in the store's output ever holds: where it shows up, a value leaked.
 */
class DotenvFuzzTest {
    private static final char MARK = '\u00a7';
    private static Path directory;

    @BeforeAll
    static void createDirectory() throws IOException {
        directory = Files.createTempDirectory("dotenv-fuzz");
    }

    @AfterAll
    static void removeDirectory() throws IOException {
        Files.deleteIfExists(directory.resolve(".env"));
        Files.deleteIfExists(directory);
    }

    @FuzzTest
    void aDotenvFileYieldsItsValuesOrAClearErrorAndNeverShowsAValue(FuzzedDataProvider data) throws IOException {
        Map<String, String> plain = new LinkedHashMap<>();
        byte[] content = data.consumeBoolean() ? data.consumeRemainingAsBytes() : lines(data, plain);
        Files.write(directory.resolve(".env"), content);

        try (CapturedLogs logs = CapturedLogs.everything()) {
            try {
                EnvironmentSecretStore store = new EnvironmentSecretStore(Map.of(), directory, ".env");
                for (Map.Entry<String, String> entry : plain.entrySet()) {
                    assertThat(store.read(entry.getKey()).map(Secret::value))
                            .as(new String(content, StandardCharsets.UTF_8))
                            .isEqualTo(Optional.of(entry.getValue()));
                }
                assertThat(store.toString()).doesNotContain(String.valueOf(MARK));
            } catch (IllegalStateException refused) {
                assertThat(refused.getMessage())
                        .startsWith(
                                refused.getMessage().startsWith("cannot")
                                        ? "cannot read secrets file "
                                        : "secrets file ")
                        .doesNotContain(String.valueOf(MARK));
                assertThat(refused.getCause()).isNull();
            }
            assertThat(logs.allText()).doesNotContain(String.valueOf(MARK));
        }
    }

    /**
     * Lines in the shapes a {@code .env} file has, and some it should not: quoted, multi-line, commented, exported,
     * garbage. Each value is marked. When every line is a plain {@code KEY=value} with a key of its own, the values are
     * unambiguous and go into {@code plain} to be read back.
     */
    private static byte[] lines(FuzzedDataProvider data, Map<String, String> plain) {
        StringBuilder file = new StringBuilder(data.consumeBoolean() ? "\ufeff" : "");
        boolean onlyPlain = file.length() == 0;
        int count = data.consumeInt(0, 8);
        for (int i = 0; i < count; i++) {
            String key = "KEY_" + i;
            String value = MARK + data.consumeString(24);
            String end = data.pickValue(new String[] {"\n", "\r\n", "\r", "\n\n"});
            int shape = data.consumeInt(0, 8);
            if (shape != 0) {
                onlyPlain = false;
                key = data.consumeBoolean() ? key : data.consumeAsciiString(12);
            }
            switch (shape) {
                case 0 -> {
                    String simple = MARK + "v" + i + value.replaceAll("[^A-Za-z0-9_-]", "");
                    file.append(key).append('=').append(simple).append(end);
                    plain.put(key, simple);
                }
                case 1 ->
                    file.append(key).append("=\"").append(value).append('"').append(end);
                case 2 ->
                    file.append(key).append("='").append(value).append('\'').append(end);
                case 3 ->
                    file.append(key)
                            .append("=\"")
                            .append(value)
                            .append('\n')
                            .append(MARK)
                            .append(data.consumeString(12))
                            .append('"')
                            .append(end);
                case 4 ->
                    file.append("export ").append(key).append('=').append(value).append(end);
                case 5 ->
                    file.append(key)
                            .append(" = ")
                            .append(value)
                            .append(" # ")
                            .append(value)
                            .append(end);
                case 6 -> file.append("# ").append(value).append(end);
                case 7 -> file.append(value).append(end);
                default -> file.append(data.consumeString(40)).append(end);
            }
        }
        if (!onlyPlain) {
            plain.clear();
        }
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }
}
