package io.gaara.adapters.persistence;

import static io.gaara.adapters.persistence.GaaraJdbiPlugin.INSTANT;

import io.gaara.application.contract.secrets.SecretAuditTrailContract;
import io.gaara.application.port.out.secrets.SecretAccessEvent;
import io.gaara.application.port.out.secrets.SecretAuditTrail;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link SecretAuditTrail} contract on {@link JdbiSecretAuditTrail}, read back from {@code secret_access_events},
 * on every {@link ContractDatabase} available.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(ContractDatabase.class)
class JdbiSecretAuditTrailContractTest extends SecretAuditTrailContract {
    /** Also an extension: skips where this server is not available, empties the tables before each test. */
    @RegisterExtension
    final ContractDatabase database;

    JdbiSecretAuditTrailContractTest(ContractDatabase database) {
        this.database = database;
    }

    @Override
    protected SecretAuditTrail createSecretAuditTrail() {
        return database.persistence().secretAuditTrail();
    }

    /** In {@code id} order: the sequence is the order of appending, where several events share an instant. */
    @Override
    protected List<SecretAccessEvent> recorded() {
        return database.persistence()
                .jdbi()
                .withHandle(h -> h.createQuery("""
                        SELECT occurred_at, kind, name, backend, version_id, cache_outcome, latency_ms, detail
                        FROM secret_access_events ORDER BY id""")
                        .map((rs, ctx) -> new SecretAccessEvent(
                                INSTANT.map(rs, "occurred_at", ctx),
                                SecretAccessEvent.Kind.valueOf(
                                        rs.getString("kind").toUpperCase(Locale.ROOT)),
                                rs.getString("name"),
                                rs.getString("backend"),
                                rs.getString("version_id"),
                                rs.getString("cache_outcome"),
                                Duration.ofMillis(rs.getInt("latency_ms")),
                                rs.getString("detail")))
                        .list());
    }

    /** {@code latency_ms} is an integer column: whole milliseconds, cut down as {@link Duration#toMillis} does. */
    @Override
    protected Duration latencyResolution() {
        return Duration.ofMillis(1);
    }

    /** The adapter bounds each text, so a runaway exception name or version id cannot bloat the table. */
    @Override
    protected int textLimit() {
        return 200;
    }
}
