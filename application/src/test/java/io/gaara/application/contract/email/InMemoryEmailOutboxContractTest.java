package io.gaara.application.contract.email;

import io.gaara.application.fakes.InMemoryDatabase;
import io.gaara.application.fakes.InMemoryEmailOutbox;
import io.gaara.application.port.out.email.EmailOutbox;
import io.gaara.application.port.out.persistence.Transactions;
import java.util.Locale;

/** The in-memory outbox keeps the PostgreSQL adapter's contract, so use-case tests on it mean something. */
class InMemoryEmailOutboxContractTest extends EmailOutboxContract {
    private final InMemoryDatabase db = new InMemoryDatabase();
    private final InMemoryEmailOutbox outbox = new InMemoryEmailOutbox(db);

    @Override
    protected EmailOutbox createOutbox() {
        return outbox;
    }

    @Override
    protected Transactions createTransactions() {
        return db;
    }

    @Override
    protected Stored stored(long id) {
        InMemoryEmailOutbox.Message m = outbox.message(id);
        return new Stored(m.status().name().toLowerCase(Locale.ROOT), m.email().params(), m.attempts(), m.lastError());
    }
}
