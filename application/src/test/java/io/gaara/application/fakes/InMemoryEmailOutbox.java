package io.gaara.application.fakes;

import io.gaara.application.port.out.email.EmailOutbox;
import io.gaara.application.port.out.email.OutboxEmail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outbox as a table of the {@link InMemoryDatabase}: an enqueue inside its transaction rolls back with it.
 * {@code EmailOutboxContract} holds it to the PostgreSQL adapter's word (leases, attempts, erasure, finished messages
 * staying finished). Tests read what was queued through {@link #messages()}.
 */
public final class InMemoryEmailOutbox implements EmailOutbox {
    public enum Status {
        PENDING,
        SENT,
        FAILED
    }

    /** A row of the outbox, as a look at the table would show it. */
    public record Message(
            long id,
            OutboxEmail email,
            Status status,
            int attempts,
            Instant nextAttemptAt,
            Instant leaseUntil,
            String lastError,
            Instant enqueuedAt,
            Instant finishedAt) {}

    private final InMemoryDatabase db;
    /** Guarded by {@code db}; rows are immutable, so a snapshot is a copy of the map. */
    private final Map<Long, Message> rows = new LinkedHashMap<>();
    /** Like a sequence, not rolled back. */
    private long nextId = 1;

    /** An outbox with a database of its own. */
    public InMemoryEmailOutbox() {
        this(new InMemoryDatabase());
    }

    /** An outbox whose enqueues commit and roll back with {@code db}'s transactions. */
    public InMemoryEmailOutbox(InMemoryDatabase db) {
        this.db = db;
        db.addTable(() -> {
            Map<Long, Message> before = new LinkedHashMap<>(rows);
            return () -> {
                rows.clear();
                rows.putAll(before);
            };
        });
    }

    @Override
    public void enqueue(OutboxEmail email, Instant now) {
        synchronized (db) {
            long id = nextId++;
            rows.put(id, new Message(id, email, Status.PENDING, 0, now, null, null, now, null));
        }
    }

    @Override
    public List<ClaimedEmail> claimDue(int max, Instant now, Duration lease) {
        if (max < 1) {
            throw new IllegalArgumentException("a claim takes at least one message");
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("a lease is longer than zero");
        }
        synchronized (db) {
            List<Message> due = rows.values().stream()
                    .filter(m ->
                            m.status() == Status.PENDING && !m.nextAttemptAt().isAfter(now))
                    .filter(m -> m.leaseUntil() == null || !m.leaseUntil().isAfter(now))
                    .sorted(Comparator.comparing(Message::nextAttemptAt).thenComparing(Message::id))
                    .limit(max)
                    .toList();
            List<ClaimedEmail> claimed = new ArrayList<>();
            for (Message m : due) {
                rows.put(
                        m.id(),
                        with(
                                m,
                                m.status(),
                                m.attempts() + 1,
                                m.nextAttemptAt(),
                                now.plus(lease),
                                m.lastError(),
                                m.finishedAt(),
                                m.email()));
                claimed.add(new ClaimedEmail(m.id(), m.email(), m.attempts(), m.enqueuedAt()));
            }
            return claimed;
        }
    }

    @Override
    public void markSent(long id, Instant now) {
        synchronized (db) {
            Message m = pending(id);
            if (m != null) {
                rows.put(
                        id, with(m, Status.SENT, m.attempts(), m.nextAttemptAt(), null, m.lastError(), now, erased(m)));
            }
        }
    }

    @Override
    public void markRetry(long id, Instant nextAttempt, String error) {
        synchronized (db) {
            Message m = pending(id);
            if (m != null) {
                rows.put(id, with(m, m.status(), m.attempts(), nextAttempt, null, shortError(error), null, m.email()));
            }
        }
    }

    @Override
    public void markFailed(long id, Instant now, String error) {
        synchronized (db) {
            Message m = pending(id);
            if (m != null) {
                rows.put(
                        id,
                        with(
                                m,
                                Status.FAILED,
                                m.attempts(),
                                m.nextAttemptAt(),
                                null,
                                shortError(error),
                                now,
                                erased(m)));
            }
        }
    }

    @Override
    public OutboxCounts counts() {
        synchronized (db) {
            return new OutboxCounts(count(Status.PENDING), count(Status.SENT), count(Status.FAILED));
        }
    }

    /** Every message, in the order they were queued. */
    public List<Message> messages() {
        synchronized (db) {
            return List.copyOf(rows.values());
        }
    }

    /** The message with this id, or null. */
    public Message message(long id) {
        synchronized (db) {
            return rows.get(id);
        }
    }

    private Message pending(long id) {
        Message m = rows.get(id);
        return m != null && m.status() == Status.PENDING ? m : null;
    }

    private long count(Status status) {
        return rows.values().stream().filter(m -> m.status() == status).count();
    }

    private static OutboxEmail erased(Message m) {
        return new OutboxEmail(m.email().to(), m.email().template(), Map.of());
    }

    private static Message with(
            Message m,
            Status status,
            int attempts,
            Instant nextAttemptAt,
            Instant leaseUntil,
            String lastError,
            Instant finishedAt,
            OutboxEmail email) {
        return new Message(
                m.id(), email, status, attempts, nextAttemptAt, leaseUntil, lastError, m.enqueuedAt(), finishedAt);
    }

    /**
     * One line of at most {@link #MAX_ERROR_LENGTH} characters, as the port asks and the PostgreSQL adapter keeps it.
     */
    private static String shortError(String error) {
        if (error == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        error.codePoints()
                .limit(MAX_ERROR_LENGTH)
                .forEach(cp -> out.appendCodePoint(
                        Character.isISOControl(cp)
                                        || Character.getType(cp) == Character.LINE_SEPARATOR
                                        || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR
                                ? ' '
                                : cp));
        return out.toString();
    }
}
