package io.gaara.adapters.persistence;

import io.gaara.domain.Session;
import io.gaara.domain.SessionId;
import io.gaara.domain.TokenId;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.sql.Types;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ObjectArgument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.spi.JdbiPlugin;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;

/**
 * How Gaara's types cross JDBC, registered once where Jdbi is created (after Jdbi's {@code PostgresPlugin}, whose UUID
 * binding the ids reuse), so a bind reads {@code .bind("id", session.id())} and a query {@code .mapTo(Session.class)}.
 *
 * <p>Ids bind as {@code uuid}. Instants bind and read as UTC {@code timestamptz} through {@link Timestamps}, never
 * {@code java.sql.Timestamp}, which Jdbi's own {@code Instant} support uses and which the JVM's time zone can shift. A
 * null bound with {@code bindByType} keeps its SQL type ({@code uuid}, {@code timestamptz}).
 */
final class GaaraJdbiPlugin extends JdbiPlugin.Singleton {
    static final ColumnMapper<UserId> USER_ID = uuid(UserId::new);
    static final ColumnMapper<SessionId> SESSION_ID = uuid(SessionId::new);
    static final ColumnMapper<TokenId> TOKEN_ID = uuid(TokenId::new);
    static final ColumnMapper<Instant> INSTANT = (rs, column, ctx) -> Timestamps.fromDb(rs, column);

    @Override
    public void customizeJdbi(Jdbi jdbi) {
        // the statement only: every rendering Jdbi offers that names the statement also prints the bound values
        // (emails, password hashes, token ids), and an unexpected error's message reaches the log
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(GaaraJdbiPlugin::statementWithoutValues);

        jdbi.registerArgument(new AbstractArgumentFactory<UserId>(Types.OTHER) {
            @Override
            protected Argument build(UserId id, ConfigRegistry config) {
                return uuid(id.value());
            }
        });
        jdbi.registerArgument(new AbstractArgumentFactory<SessionId>(Types.OTHER) {
            @Override
            protected Argument build(SessionId id, ConfigRegistry config) {
                return uuid(id.value());
            }
        });
        jdbi.registerArgument(new AbstractArgumentFactory<TokenId>(Types.OTHER) {
            @Override
            protected Argument build(TokenId id, ConfigRegistry config) {
                return uuid(id.value());
            }
        });
        jdbi.registerArgument(new AbstractArgumentFactory<Instant>(Types.TIMESTAMP_WITH_TIMEZONE) {
            @Override
            protected Argument build(Instant instant, ConfigRegistry config) {
                return ObjectArgument.of(Timestamps.toDb(instant), Types.TIMESTAMP_WITH_TIMEZONE);
            }
        });

        jdbi.registerColumnMapper(UserId.class, USER_ID);
        jdbi.registerColumnMapper(SessionId.class, SESSION_ID);
        jdbi.registerColumnMapper(TokenId.class, TOKEN_ID);
        jdbi.registerColumnMapper(Instant.class, INSTANT);

        jdbi.registerRowMapper(User.class, new UserMapper());
        jdbi.registerRowMapper(Session.class, new SessionMapper());
    }

    /** As Jdbi's PostgresPlugin binds a {@link UUID}. */
    static String statementWithoutValues(StatementException e) {
        StatementContext ctx = e.getStatementContext();
        if (ctx == null || ctx.getRenderedSql() == null) {
            return e.getShortMessage();
        }
        return e.getShortMessage() + " [statement:\"" + ctx.getRenderedSql() + "\"]";
    }

    private static Argument uuid(UUID value) {
        return ObjectArgument.of(value, Types.OTHER);
    }

    private static <T> ColumnMapper<T> uuid(Function<UUID, T> id) {
        return (rs, column, ctx) -> {
            UUID value = rs.getObject(column, UUID.class);
            return value == null ? null : id.apply(value);
        };
    }
}
