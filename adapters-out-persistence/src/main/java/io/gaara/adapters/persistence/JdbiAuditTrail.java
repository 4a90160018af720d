package io.gaara.adapters.persistence;

import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.domain.AuditEvent;
import io.gaara.domain.SessionId;
import io.gaara.domain.UserId;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes each auth event to {@code audit_events} (inside the caller's transaction, so it commits or rolls back with
 * what it describes) and as one key-value log line on the {@code gaara.audit} logger once the row is committed, so the
 * log tells the same story as the table.
 */
final class JdbiAuditTrail implements AuditTrail {
    static final String LOGGER_NAME = "gaara.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

    private final OutageTranslatingJdbi jdbi;

    JdbiAuditTrail(Jdbi jdbi) {
        this.jdbi = new OutageTranslatingJdbi(jdbi);
    }

    @Override
    public void record(AuditEvent event) {
        jdbi.useHandle(h -> {
            h.createUpdate("""
                            INSERT INTO audit_events
                                (occurred_at, type, outcome, user_id, session_id, client_ip, user_agent, detail)
                            VALUES
                                (:occurredAt, :type, :outcome, :userId, :sessionId, :clientIp, :userAgent, :detail)""")
                    .bind("occurredAt", event.occurredAt())
                    .bind("type", event.type().code())
                    .bind("outcome", event.outcome())
                    .bindByType("userId", event.userId(), UserId.class)
                    .bindByType("sessionId", event.sessionId(), SessionId.class)
                    .bind("clientIp", event.client().ip())
                    .bind("userAgent", event.client().userAgent())
                    .bindByType("detail", event.detail(), String.class)
                    .execute();
            if (h.isInTransaction()) {
                h.afterCommit(() -> log(event));
            } else {
                log(event);
            }
        });
    }

    @Override
    public int pseudonymise(UserId userId, UserId pseudonym) {
        return jdbi.withHandle(
                h -> h.createUpdate("UPDATE audit_events SET user_id = :pseudonym WHERE user_id = :userId")
                        .bind("userId", userId)
                        .bind("pseudonym", pseudonym)
                        .execute());
    }

    private static void log(AuditEvent event) {
        LoggingEventBuilder line = LOG.atInfo()
                .addKeyValue("event", event.type().code())
                .addKeyValue("outcome", event.outcome())
                .addKeyValue("ip", oneLine(event.client().ip()))
                .addKeyValue("user_agent", oneLine(event.client().userAgent()));
        if (event.userId() != null) {
            line = line.addKeyValue("user_id", event.userId().toString());
        }
        if (event.sessionId() != null) {
            line = line.addKeyValue("session_id", event.sessionId().toString());
        }
        if (event.detail() != null) {
            line = line.addKeyValue("detail", oneLine(event.detail()));
        }
        line.log("auth event");
    }

    /**
     * ClientInfo already strips control characters; this is the last line of defence, and it also catches the Unicode
     * line and paragraph separators, which are not control characters. Quotes and backslashes are escaped because the
     * log layout writes {@code key="value"}: an unescaped quote in a User-Agent would let a client append forged pairs
     * such as {@code outcome="success"}.
     */
    static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)
                    || Character.getType(cp) == Character.LINE_SEPARATOR
                    || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) {
                out.append('_');
            } else if (cp == '"' || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
