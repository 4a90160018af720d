package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.adapters.secrets.ValueDigests;
import io.gaara.bootstrap.config.SecretBackends;
import io.gaara.bootstrap.config.SecretRules;
import io.gaara.bootstrap.config.Settings;
import io.gaara.testsupport.CapturedLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A production server taking DATABASE_URL from the environment: the id under which its value is logged and audited is
 * no digest of it (a digest of a URL with a weak password lets whoever reads the log confirm guesses offline), while
 * the JWT keys keep a kid every instance derives alike.
 */
class SecretVersionIdsTest {
    @Test
    void givenDatabaseUrlFromTheEnvironment_whenTheServerRuns_thenNoLogLineOrAuditRowHoldsADigestOfIt()
            throws Exception {
        String url = TestDatabase.url();
        Map<String, String> config = TestServers.production(Map.of(
                "GAARA_SECRETS_BACKEND",
                "env",
                "DATABASE_URL",
                url,
                "JWT_SECRET_KEY",
                SecretRules.random(48),
                "JWT_REFRESH_SECRET_KEY",
                SecretRules.random(48),
                "GAARA_HTTP_HOST",
                "127.0.0.1",
                "GAARA_HTTP_PORT",
                "0",
                "GAARA_DATA_DIR",
                Files.createTempDirectory("gaara-version-ids").toString()));
        config.putAll(TestServers.LOOPBACK_LIMITS_LIFTED);
        Instant started = Instant.now().minusSeconds(1);
        List<String> audited = new ArrayList<>();
        String logged;
        try (CapturedLogs logs = CapturedLogs.everything()) {
            Settings settings = Settings.from(config);
            try (SecretBackends backends = SecretBackends.open(settings, config, config, Path.of("."));
                    GaaraServer server = GaaraServer.start(settings, backends.store(), Clock.systemUTC())) {
                // the reads made before the database was open reach the table once it is
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (audited.isEmpty() && System.nanoTime() < deadline) {
                    audited.addAll(auditedVersionIds(started));
                    if (audited.isEmpty()) {
                        Thread.sleep(100);
                    }
                }
            }
            logged = logs.allText();
        }

        assertThat(audited).as("DATABASE_URL reads are audited").isNotEmpty().allMatch(id -> id.startsWith("local:"));
        assertThat(logged).contains("DATABASE_URL");
        for (String digest : ValueDigests.of(url)) {
            assertThat(audited).noneMatch(id -> id.contains(digest));
            assertThat(logged).doesNotContain(digest);
        }
    }

    private static List<String> auditedVersionIds(Instant since) throws Exception {
        List<String> ids = new ArrayList<>();
        try (var c = TestDatabase.connect();
                var s = c.prepareStatement("SELECT version_id FROM secret_access_events WHERE name = 'DATABASE_URL'"
                        + " AND backend = 'env' AND version_id IS NOT NULL AND occurred_at >= ?")) {
            s.setTimestamp(1, Timestamp.from(since));
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }
}
