package io.gaara.adapters.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.gaara.application.port.out.secrets.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class EnvironmentSecretStoreTest {
    private static final String KEY = "GAARA_JWT_SIGNING_KEY";
    private static final String FILE_VALUE = "file-Zx81kQvN3rTa0pLmYw5u";
    private static final String ENV_VALUE = "env-Hq47sBvC2nXe9dKuRj6o";

    @TempDir
    Path dir;

    private EnvironmentSecretStore storeOver(String dotenv) throws IOException {
        return storeOver(Map.of(), dotenv);
    }

    private EnvironmentSecretStore storeOver(Map<String, String> environment, String dotenv) throws IOException {
        Files.writeString(dir.resolve(".env"), dotenv, StandardCharsets.UTF_8);
        return new EnvironmentSecretStore(environment, dir, ".env");
    }

    private static String valueOf(EnvironmentSecretStore store, String name) {
        return store.read(name).map(Secret::value).orElse(null);
    }

    // --- layering ---

    @Test
    void givenNameInEnvironmentAndDotenv_whenRead_thenEnvironmentWins() throws IOException {
        var store = storeOver(Map.of(KEY, ENV_VALUE), KEY + "=" + FILE_VALUE + "\n");

        assertThat(valueOf(store, KEY)).isEqualTo(ENV_VALUE);
    }

    @Test
    void givenNameOnlyInDotenv_whenRead_thenFileValue() throws IOException {
        var store = storeOver(Map.of("UNRELATED", "x"), KEY + "=" + FILE_VALUE + "\n");

        assertThat(valueOf(store, KEY)).isEqualTo(FILE_VALUE);
    }

    @Test
    void givenEmptyEnvironmentVariable_whenRead_thenDotenvValueIsNotHidden() throws IOException {
        var store = storeOver(Map.of(KEY, ""), KEY + "=" + FILE_VALUE + "\n");

        assertThat(valueOf(store, KEY)).isEqualTo(FILE_VALUE);
    }

    @Test
    void givenEmptyValueEverywhere_whenRead_thenAbsentRatherThanAnEmptyKey() throws IOException {
        var store = storeOver(Map.of("EMPTY_IN_ENV", ""), KEY + "=\nQUOTED_EMPTY=\"\"\n");

        assertThat(store.read(KEY)).isEmpty();
        assertThat(store.read("QUOTED_EMPTY")).isEmpty();
        assertThat(store.read("EMPTY_IN_ENV")).isEmpty();
    }

    @Test
    void givenNoDotenvFile_whenCreated_thenEnvironmentAloneAnswers() {
        var store = new EnvironmentSecretStore(Map.of(KEY, ENV_VALUE), dir, ".env");

        assertThat(valueOf(store, KEY)).isEqualTo(ENV_VALUE);
        assertThat(store.backendName()).isEqualTo("env");
    }

    @Test
    void givenDotenvFile_whenCreated_thenBackendNamesBothLayers() throws IOException {
        assertThat(storeOver(KEY + "=" + FILE_VALUE + "\n").backendName()).isEqualTo("dotenv+env");
        assertThat(new EnvironmentSecretStore(Map.of(KEY, ENV_VALUE)).backendName())
                .isEqualTo("env");
    }

    @Test
    void givenCustomDirectoryAndFilename_whenCreated_thenThatFileIsRead() throws IOException {
        Path nested = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(nested.resolve("gaara.env"), KEY + "=" + FILE_VALUE + "\n");
        Files.writeString(dir.resolve(".env"), KEY + "=wrong-file\n");

        var store = new EnvironmentSecretStore(Map.of(), nested, "gaara.env");

        assertThat(valueOf(store, KEY)).isEqualTo(FILE_VALUE);
        assertThat(store.toString()).contains(nested.resolve("gaara.env").toString());
    }

    @Test
    void givenFileOnlyOnTheClasspath_whenCreated_thenItIsNotRead() {
        // the module directory (the working directory under Maven) has no such file; the test classpath has
        var store = new EnvironmentSecretStore(Map.of(), Path.of(""), "classpath-only.env");

        assertThat(store.read("GAARA_CLASSPATH_CANARY")).isEmpty();
        assertThat(store.backendName()).isEqualTo("env");
    }

    @Test
    void givenCallerChangesItsMapLater_whenRead_thenStoreKeepsWhatItWasGiven() {
        Map<String, String> environment = new HashMap<>(Map.of(KEY, ENV_VALUE));
        var store = new EnvironmentSecretStore(environment);
        environment.put(KEY, "changed");

        assertThat(valueOf(store, KEY)).isEqualTo(ENV_VALUE);
    }

    // --- what dotenv-java accepts: pinned, so an upgrade that changes it is noticed ---

    @Test
    void givenQuotesCommentsAndSpacing_whenParsed_thenAsDotenvJavaDoes() throws IOException {
        var store = storeOver(String.join(
                "\n",
                "# a comment line",
                "UNQUOTED=plain-value # a trailing comment",
                "HASH_UNQUOTED=abc#def",
                "HASH_QUOTED=\"abc#def\" # quoted: the # is part of the value",
                "SINGLE_QUOTED='abc'",
                "  SPACED  =  padded  ",
                "PADDING=YWJjZA==",
                "MULTI=\"first",
                "second\"",
                "ESCAPES=\"a\\nb\"",
                "TWICE=first",
                "TWICE=second",
                ""));

        assertThat(valueOf(store, "UNQUOTED")).isEqualTo("plain-value");
        assertThat(valueOf(store, "HASH_UNQUOTED"))
                .as("an unquoted # starts a comment")
                .isEqualTo("abc");
        assertThat(valueOf(store, "HASH_QUOTED")).isEqualTo("abc#def");
        assertThat(valueOf(store, "SINGLE_QUOTED"))
                .as("dotenv-java strips double quotes only")
                .isEqualTo("'abc'");
        assertThat(valueOf(store, "SPACED")).isEqualTo("padded");
        assertThat(valueOf(store, "PADDING")).isEqualTo("YWJjZA==");
        assertThat(valueOf(store, "MULTI")).isEqualTo("first\nsecond");
        assertThat(valueOf(store, "ESCAPES")).as("no escape processing").isEqualTo("a\\nb");
        assertThat(valueOf(store, "TWICE")).as("the last assignment wins").isEqualTo("second");
        assertThat(store.read("# a comment line")).isEmpty();
    }

    @Test
    void givenUnterminatedQuoteOnLastLine_whenParsed_thenEntryIsSilentlyDropped() throws IOException {
        // dotenv-java waits for the closing quote and reaches the end of the file: no error, no entry.
        // The caller then reports the secret as missing, which at least names it.
        var store = storeOver("FIRST=1\n" + KEY + "=\"" + FILE_VALUE + "\n");

        assertThat(valueOf(store, "FIRST")).isEqualTo("1");
        assertThat(store.read(KEY)).isEmpty();
    }

    // --- malformed files fail fast without the line's text ---

    @Test
    void givenExportPrefix_whenCreated_thenClearErrorNamingLineAndFileButNotValue() throws IOException {
        assertThatThrownBy(() -> storeOver("FIRST=1\nexport " + KEY + "=" + FILE_VALUE + "\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve(".env").toString())
                .hasMessageContaining("line 2")
                .hasMessageContaining("'export' prefix is not supported")
                .hasNoCause()
                .satisfies(e -> assertThat(ThrowableProxyUtil.asString(new ThrowableProxy(e)))
                        .doesNotContain(FILE_VALUE));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sk_live_PastedWithoutAName9f8e7d", // a value pasted without NAME=
                "GAARA_DB_PASSWORD=\"sk_live_Pa\"sted9f8e7d\"", // an unmatched quote inside
                "GAARA DB=sk_live_PastedWithoutAName9f8e7d" // a space in the name
            })
    void givenMalformedLine_whenCreated_thenErrorHasLineNumberButNotTheLine(String line) throws IOException {
        assertThatThrownBy(() -> storeOver("# secrets\nFIRST=1\n\n" + line + "\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("line 4")
                .hasMessageContaining("not shown")
                .hasNoCause()
                .satisfies(e ->
                        assertThat(e.getMessage()).doesNotContain("sk_live").doesNotContain("9f8e7d"));
    }

    // --- version ids ---

    @Test
    void givenDatabaseUrlWithWeakPassword_whenRead_thenVersionIdHoldsNoDigestOfTheValue() {
        // an unsalted digest of the URL in a log or an audit row would let anyone holding it test password guesses
        String url = "postgresql://gaara:summer2024@db.internal:5432/gaara";
        var store = new EnvironmentSecretStore(Map.of("DATABASE_URL", url));

        String versionId = store.read("DATABASE_URL").orElseThrow().versionId();

        assertThat(versionId).matches("local:[0-9a-f]{16}");
        assertThat(ValueDigests.of(url)).noneMatch(versionId::contains);
    }

    @Test
    void givenSameValueInTheSameProcess_whenReadFromAnotherStoreOrLayer_thenSameVersionId() throws IOException {
        // equal values are recognised as equal within the process (the cache and the database pool compare ids);
        // across replicas the JWT key rings name keys themselves (SecretKeyRing), nothing else compares ids
        String fromEnvironment = new EnvironmentSecretStore(Map.of(KEY, ENV_VALUE))
                .read(KEY)
                .orElseThrow()
                .versionId();
        String fromAnotherStore = new EnvironmentSecretStore(Map.of(KEY, ENV_VALUE))
                .read(KEY)
                .orElseThrow()
                .versionId();
        String fromFile =
                storeOver(KEY + "=" + ENV_VALUE + "\n").read(KEY).orElseThrow().versionId();

        assertThat(fromEnvironment)
                .matches("local:[0-9a-f]{16}")
                .isEqualTo(fromAnotherStore)
                .isEqualTo(fromFile);
    }

    @Test
    void givenRotatedValue_whenRead_thenVersionIdChanges() {
        String before = new EnvironmentSecretStore(Map.of(KEY, ENV_VALUE))
                .read(KEY)
                .orElseThrow()
                .versionId();
        String after = new EnvironmentSecretStore(Map.of(KEY, ENV_VALUE + "2"))
                .read(KEY)
                .orElseThrow()
                .versionId();

        assertThat(after).isNotEqualTo(before);
    }

    // --- nothing printed carries a value ---

    @Test
    void givenEveryCodePath_whenLogged_thenNoValueAppearsInAnyLogEvent() throws IOException {
        Logger logger = (Logger) LoggerFactory.getLogger(EnvironmentSecretStore.class);
        Level previous = logger.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        logger.setLevel(Level.TRACE);
        try {
            var store = storeOver(Map.of(KEY, ENV_VALUE), "GAARA_DB_PASSWORD=" + FILE_VALUE + "\n");
            store.read(KEY);
            store.read("GAARA_DB_PASSWORD");
            store.read("GAARA_NOT_SET");
            new EnvironmentSecretStore(Map.of(KEY, ENV_VALUE)).read(KEY);
            new EnvironmentSecretStore(Map.of(), dir.resolve("nowhere"), ".env");
            try {
                storeOver("export GAARA_DB_PASSWORD=" + FILE_VALUE + "\n");
            } catch (IllegalStateException expected) {
                // its message is checked elsewhere; here only what got logged on the way
            }
        } finally {
            logger.detachAppender(captured);
            logger.setLevel(previous);
        }

        List<String> printed = captured.list.stream()
                .map(e -> e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .toList();
        assertThat(printed)
                .hasSizeGreaterThanOrEqualTo(6)
                .anyMatch(l -> l.contains("GAARA_DB_PASSWORD"))
                .allSatisfy(l -> assertThat(l).doesNotContain(ENV_VALUE).doesNotContain(FILE_VALUE));
    }

    @Test
    void givenStoreWithBothLayers_whenPrinted_thenNamesBackendAndFileButNoValue() throws IOException {
        var store = storeOver(Map.of(KEY, ENV_VALUE), "GAARA_DB_PASSWORD=" + FILE_VALUE + "\n");

        assertThat(store.toString())
                .contains("dotenv+env")
                .contains(".env")
                .doesNotContain(ENV_VALUE)
                .doesNotContain(FILE_VALUE);
        assertThat(store.read(KEY).orElseThrow().toString()).doesNotContain(ENV_VALUE);
    }

    @Test
    void givenNullArguments_whenCreated_thenNullPointerException() {
        assertThatThrownBy(() -> new EnvironmentSecretStore(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new EnvironmentSecretStore(Map.of(), null, ".env"))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new EnvironmentSecretStore(Map.of(), dir, null))
                .isInstanceOf(NullPointerException.class);
    }
}
