package io.gaara.application.fakes;

import io.gaara.application.port.out.persistence.Transactions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The shared state of the in-memory fakes, with transactions that really roll back: each outermost transaction holds
 * one lock and restores a snapshot of every table when its work throws.
 */
public final class InMemoryDatabase implements Transactions {
    final Map<Object, Object> users = new LinkedHashMap<>();
    final Map<Object, Object> sessions = new LinkedHashMap<>();
    final List<Object> auditEvents = new ArrayList<>();
    private final ThreadLocal<Integer> depth = ThreadLocal.withInitial(() -> 0);
    /** Fakes keeping tables of their own: each gives a snapshot, which returns what restores it. */
    private final List<Supplier<Runnable>> tables = new ArrayList<>();

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        synchronized (this) {
            if (depth.get() > 0) {
                return work.get();
            }
            Map<Object, Object> usersBefore = new LinkedHashMap<>(users);
            Map<Object, Object> sessionsBefore = new LinkedHashMap<>(sessions);
            List<Object> auditBefore = new ArrayList<>(auditEvents);
            List<Runnable> restores = tables.stream().map(Supplier::get).toList();
            depth.set(1);
            try {
                return work.get();
            } catch (RuntimeException | Error e) {
                users.clear();
                users.putAll(usersBefore);
                sessions.clear();
                sessions.putAll(sessionsBefore);
                auditEvents.clear();
                auditEvents.addAll(auditBefore);
                restores.forEach(Runnable::run);
                throw e;
            } finally {
                depth.set(0);
            }
        }
    }

    /**
     * Puts a fake's own table (guarded by this database's lock) under its transactions: {@code snapshot} is called as
     * each outermost transaction begins, and what it returns is run if the transaction rolls back.
     */
    synchronized void addTable(Supplier<Runnable> snapshot) {
        tables.add(snapshot);
    }
}
