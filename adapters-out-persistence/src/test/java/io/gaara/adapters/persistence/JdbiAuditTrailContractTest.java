package io.gaara.adapters.persistence;

import static io.gaara.adapters.persistence.GaaraJdbiPlugin.INSTANT;
import static io.gaara.adapters.persistence.GaaraJdbiPlugin.SESSION_ID;
import static io.gaara.adapters.persistence.GaaraJdbiPlugin.USER_ID;

import io.gaara.application.contract.persistence.AuditTrailContract;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.domain.AuditEvent;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link AuditTrail} contract on {@link JdbiAuditTrail}, read back from {@code audit_events}, on every
 * {@link ContractDatabase} available. The log line is {@link JdbiAuditTrailTest}'s job.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(ContractDatabase.class)
class JdbiAuditTrailContractTest extends AuditTrailContract {
    private static final String COLUMNS =
            "type, outcome, occurred_at, user_id, session_id, client_ip, user_agent, detail";

    /** Also an extension: skips where this server is not available, empties the tables before each test. */
    @RegisterExtension
    final ContractDatabase database;

    JdbiAuditTrailContractTest(ContractDatabase database) {
        this.database = database;
    }

    @Override
    protected AuditTrail createAuditTrail() {
        return database.persistence().auditTrail();
    }

    /** In {@code id} order: the sequence is the order of appending, where several events share an instant. */
    @Override
    protected List<AuditEvent> recorded() {
        return database.persistence()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_events ORDER BY id")
                        .map(JdbiAuditTrailContractTest::event)
                        .list());
    }

    @Override
    protected List<AuditEvent> recordedFor(UserId userId) {
        return database.persistence()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT " + COLUMNS + " FROM audit_events WHERE user_id = :userId ORDER BY id")
                        .bind("userId", userId)
                        .map(JdbiAuditTrailContractTest::event)
                        .list());
    }

    private static AuditEvent event(ResultSet rs, StatementContext ctx) throws SQLException {
        return new AuditEvent(
                AuditEventType.fromCode(rs.getString("type")),
                success(rs.getString("outcome")),
                INSTANT.map(rs, "occurred_at", ctx),
                USER_ID.map(rs, "user_id", ctx),
                SESSION_ID.map(rs, "session_id", ctx),
                new ClientInfo(rs.getString("client_ip"), rs.getString("user_agent")),
                rs.getString("detail"));
    }

    private static boolean success(String outcome) {
        return switch (outcome) {
            case "success" -> true;
            case "failure" -> false;
            default -> throw new IllegalStateException("outcome is neither success nor failure: " + outcome);
        };
    }
}
