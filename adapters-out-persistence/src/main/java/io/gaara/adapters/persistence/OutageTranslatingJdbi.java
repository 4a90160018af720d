package io.gaara.adapters.persistence;

import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The Jdbi calls of a port method, through the database's circuit breaker ({@link DatabaseBreaker}, installed on the
 * Jdbi) and with a database that cannot be reached turned into the application's
 * {@code TemporarilyUnavailableException} ({@link SqlErrors#unlessUnavailable}); every other error passes unchanged.
 * The adapters call this instead of wrapping each call themselves.
 */
final class OutageTranslatingJdbi {
    private final Jdbi jdbi;
    private final DatabaseBreaker breaker;

    OutageTranslatingJdbi(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.breaker = DatabaseBreaker.on(jdbi);
    }

    <R> R withHandle(HandleCallback<R, RuntimeException> callback) {
        return breaker.guard(() -> jdbi.withHandle(callback));
    }

    void useHandle(HandleConsumer<RuntimeException> callback) {
        breaker.guard(() -> {
            jdbi.useHandle(callback);
            return null;
        });
    }

    <R> R inTransaction(HandleCallback<R, RuntimeException> callback) {
        return breaker.guard(() -> jdbi.inTransaction(callback));
    }
}
