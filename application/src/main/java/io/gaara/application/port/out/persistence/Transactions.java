package io.gaara.application.port.out.persistence;

import java.util.function.Supplier;

/** Runs work atomically: every repository call inside {@code work} commits together or not at all. */
public interface Transactions {
    /** Commits when {@code work} returns, rolls back when it throws; nested calls join the outer transaction. */
    <T> T inTransaction(Supplier<T> work);

    default void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
