package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gaara.testsupport.OpenApiContract;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** ASVS 16.4.1: a client-supplied string cannot forge fields of an audit line as the production layout writes it. */
class AuditLogInjectionTest {

    @Test
    void givenUserAgentWithQuotesAndNewlines_whenLoginFails_thenAuditLineHasOneOutcomeAndOneLine() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        Logger audit = context.getLogger("gaara.audit");
        audit.addAppender(captured);
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(productionPattern());
        layout.start();

        String email = TestServers.uniqueEmail();
        try (GaaraServer server = TestServers.start(Map.of())) {
            new ApiClient(server.port()).register(email, "an honest long passphrase");
            String hostile =
                    "evil\" event=\"login_success\" outcome=\"success\" user_id=\"00000000-0000-0000-0000-000000000000";
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/auth/login"))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", hostile)
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"email\":\"" + email + "\",\"password\":\"not the passphrase\"}"))
                    .build();
            assertThat(OpenApiContract.gaara()
                            .client()
                            .send(request, HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(401);
        } finally {
            audit.detachAppender(captured);
        }

        List<String> failures = captured.list.stream()
                .map(layout::doLayout)
                .filter(l -> l.contains("login_failure"))
                .toList();
        assertThat(failures).hasSize(1);
        String line = failures.get(0);
        assertThat(line.strip()).doesNotContain("\n");
        assertThat(countOf(line, " outcome=\"")).as(line).isEqualTo(1);
        assertThat(countOf(line, " event=\"")).as(line).isEqualTo(1);
        assertThat(line).contains("outcome=\"failure\"").contains("user_agent=\"evil\\\" event=\\\"login_success\\\"");
    }

    private static String productionPattern() throws Exception {
        try (InputStream in = GaaraServer.class.getResourceAsStream("/logback.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m =
                    Pattern.compile("<pattern>(.*?)</pattern>", Pattern.DOTALL).matcher(xml);
            assertThat(m.find()).isTrue();
            return m.group(1).strip();
        }
    }

    private static int countOf(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
