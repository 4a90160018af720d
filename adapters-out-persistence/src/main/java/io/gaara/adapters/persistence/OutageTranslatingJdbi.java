package io.gaara.adapters.persistence;

import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The Jdbi calls of a port method, with a database that cannot be reached turned into the application's
 * {@code TemporarilyUnavailableException} ({@link SqlErrors#unlessUnavailable}); every other error passes unchanged.
 * The adapters call this instead of wrapping each call themselves.
 */
final class OutageTranslatingJdbi {
    private final Jdbi jdbi;

    OutageTranslatingJdbi(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    <R> R withHandle(HandleCallback<R, RuntimeException> callback) {
        return SqlErrors.unlessUnavailable(() -> jdbi.withHandle(callback));
    }

    void useHandle(HandleConsumer<RuntimeException> callback) {
        SqlErrors.unlessUnavailable(() -> jdbi.useHandle(callback));
    }

    <R> R inTransaction(HandleCallback<R, RuntimeException> callback) {
        return SqlErrors.unlessUnavailable(() -> jdbi.inTransaction(callback));
    }
}
