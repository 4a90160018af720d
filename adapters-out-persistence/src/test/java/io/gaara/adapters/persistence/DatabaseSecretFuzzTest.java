package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gaara.application.port.out.secrets.Secret;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the {@code DATABASE_URL} secret's parser (docs/SECURITY.md, Fuzzing), both shapes: the URL forms and the RDS
 * rotation JSON. Any value yields settings or the one documented refusal, whose message is fixed text naming the
 * version only. Built from known parts, a value that parses must yield exactly those parts: the host, port and database
 * it names and nothing injected beside them, the user and password out of the JDBC URL, and the password nowhere in
 * what gets logged (the JDBC URL, {@code toString}).
 */
class DatabaseSecretFuzzTest {
    private static final String VERSION = "v7";
    private static final String REFUSAL =
            "DATABASE_URL version v7 is neither a postgresql:// URL nor a JSON object with"
                    + " username, password, host, port and dbname";
    /** Marks the password; no other part ever holds it, so where it shows up, the password leaked. */
    private static final char MARK = '\u00a7';

    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest
    void aDatabaseSecretYieldsTheSettingsItNamesOrTheDocumentedRefusal(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            parse(data.consumeRemainingAsString());
            return;
        }
        Form form = data.pickValue(Form.values());
        // in the unencoded form a user is a plain role name, the password anything: the operator's usual mistake
        String user =
                form == Form.RAW_URL ? data.consumeAsciiString(12).replaceAll("[^A-Za-z0-9_.-]", "") : part(data, 24);
        String password = MARK + data.consumeString(24) + MARK;
        String host = data.consumeBoolean()
                ? data.pickValue(new String[] {"db", "db.internal", "10.0.0.5", "[::1]", "my_db", "DB-1.example"})
                : part(data, 40);
        String port = data.consumeBoolean() ? String.valueOf(data.consumeInt(1, 65535)) : part(data, 8);
        String db = data.consumeBoolean() ? "gaara" : part(data, 24);
        List<String> params = new ArrayList<>();
        if (form != Form.RDS_JSON && data.consumeBoolean()) {
            params.add(data.pickValue(new String[] {"sslmode=verify-full", "connectTimeout=5", "ApplicationName=x"}));
        }
        if (form == Form.RAW_URL && data.consumeBoolean()) {
            // a user from the query: the URL is then accepted even where its authority did not parse
            params.add("user=ops");
        }
        String value = render(form, user, password, host, port, db, params);
        boolean plain = !user.isEmpty() && isHostname(host) && isPort(port) && !db.isEmpty();

        PostgresSettings settings = parse(value);
        if (settings == null) {
            assertThat(plain && form != Form.RAW_URL)
                    .as("a well-formed value is refused: %s", value)
                    .isFalse();
            return;
        }
        String logged = settings.jdbcUrl() + " " + settings;
        assertThat(logged).as(value).doesNotContain(String.valueOf(MARK)).doesNotContainIgnoringCase("%C2%A7");
        // the URL forms are the operator's own text: their parts are checked when well formed; the JSON's are
        // composed into a URL by us, and must never change its meaning
        if (form == Form.RAW_URL || (form != Form.RDS_JSON && !plain)) {
            return;
        }
        assertThat(settings.user()).as(value).isEqualTo(user);
        assertThat(settings.password()).as(value).isEqualTo(password);
        JdbcParts parts = JdbcParts.of(settings.jdbcUrl());
        assertThat(parts.authority()).as(value).isEqualTo(host + ":" + port);
        assertThat(URLDecoder.decode(parts.path(), StandardCharsets.UTF_8))
                .as(value)
                .isEqualTo(db);
        assertThat(parts.query()).as(value).isEqualTo(String.join("&", params));
    }

    /** Settings, or null for the documented refusal; any other outcome fails. */
    private static PostgresSettings parse(String value) {
        try {
            return DatabaseSecret.parse(new Secret("DATABASE_URL", VERSION, value), 5, "");
        } catch (InvalidDatabaseSecretException e) {
            assertThat(e.getMessage()).isEqualTo(REFUSAL);
            assertThat(e.getCause()).isNull();
            return null;
        } catch (RuntimeException e) {
            throw new AssertionError("not the documented refusal for " + value, e);
        }
    }

    private static String render(
            Form form, String user, String password, String host, String port, String db, List<String> params) {
        String query = params.isEmpty() ? "" : "?" + String.join("&", params);
        return switch (form) {
            case URL ->
                "postgresql://" + encode(user) + ":" + encode(password) + "@" + host + ":" + port + "/" + encode(db)
                        + query;
            case RAW_URL -> "postgres://" + user + ":" + password + "@" + host + ":" + port + "/" + db + query;
            case JDBC ->
                "jdbc:postgresql://" + host + ":" + port + "/" + encode(db) + "?"
                        + String.join("&", params) + (params.isEmpty() ? "" : "&") + "user=" + encode(user)
                        + "&password=" + encode(password);
            case RDS_JSON -> {
                ObjectNode node = JSON.createObjectNode()
                        .put("engine", "postgres")
                        .put("username", user)
                        .put("password", password)
                        .put("host", host)
                        .put("dbname", db);
                if (port.matches("0|[1-9][0-9]{0,8}")) {
                    node.put("port", Integer.parseInt(port));
                } else {
                    node.put("port", port);
                }
                yield node.toString();
            }
        };
    }

    /** Any text but the password's mark and '%' (which could spell the mark encoded). */
    private static String part(FuzzedDataProvider data, int maxLength) {
        return data.consumeString(maxLength).replace(String.valueOf(MARK), "").replace("%", "");
    }

    private static boolean isPort(String port) {
        return port.matches("[1-9][0-9]{0,4}") && Integer.parseInt(port) <= 65535;
    }

    private static boolean isHostname(String host) {
        return host.matches("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?") || host.matches("\\[[0-9A-Fa-f:.]+]");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    enum Form {
        /** postgresql://user:password@host:port/db with the user, password and database percent-encoded */
        URL,
        /** the same with the password left unencoded, a common mistake: only the leak checks apply */
        RAW_URL,
        /** jdbc:postgresql://host:port/db?user=..&password=.. */
        JDBC,
        /** the JSON RDS rotation keeps */
        RDS_JSON
    }

    /** A JDBC URL cut where a driver cuts it: authority, path, query. */
    record JdbcParts(String authority, String path, String query) {
        static JdbcParts of(String jdbcUrl) {
            String prefix = "jdbc:postgresql://";
            assertThat(jdbcUrl).startsWith(prefix);
            String rest = jdbcUrl.substring(prefix.length());
            int q = rest.indexOf('?');
            String query = q < 0 ? "" : rest.substring(q + 1);
            String beforeQuery = q < 0 ? rest : rest.substring(0, q);
            int slash = beforeQuery.indexOf('/');
            String authority = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
            String path = slash < 0 ? "" : beforeQuery.substring(slash + 1);
            return new JdbcParts(authority, path, query);
        }
    }
}
