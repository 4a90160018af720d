package io.gaara.adapters.persistence;

import io.gaara.application.port.out.persistence.Transactions;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Jdbi binds the transaction's handle to the thread, so the repositories' own {@code jdbi.withHandle} calls inside
 * {@code work} run on it, and a nested {@code Handle.inTransaction} joins the open transaction instead of starting one.
 * A database that cannot be reached (at begin, in {@code work}, or at commit) surfaces as the application's
 * {@code TemporarilyUnavailableException}.
 */
final class JdbiTransactions implements Transactions {
    private final OutageTranslatingJdbi jdbi;

    JdbiTransactions(Jdbi jdbi) {
        this.jdbi = new OutageTranslatingJdbi(jdbi);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return jdbi.inTransaction(handle -> work.get());
    }
}
