package io.gaara.adapters.http;

import io.gaara.application.InvalidCredentialsException;
import io.gaara.application.TemporarilyUnavailableException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lane the password-hashing endpoints (login, register) run in: a few threads of their own and a short, bounded
 * queue. A flood of logins can fill this lane but never the server's request threads, so refresh, {@code /me} and
 * health keep answering; a request that finds the queue full is answered {@code 503} at once, and one that waits in it
 * until its deadline is answered {@code 503} at that deadline, its place freed, instead of holding a thread. Hashing on
 * a small fixed set of threads also bounds native memory: each argon2 computation's work area lives in its thread's
 * malloc arena.
 *
 * <p>A failed login is answered only when its {@link InvalidCredentialsException#answerDelay()} has passed, so that
 * every failure takes the same time whatever account it named. That wait runs on a timer: it holds no lane thread, no
 * hashing permit and no request thread, so failures that wait cost the server nothing but the open connection.
 */
final class HashingLane implements AutoCloseable {
    private final ThreadPoolExecutor executor;
    private final long maxWaitNanos;
    private final AtomicLong rejected = new AtomicLong();
    private final ScheduledThreadPoolExecutor timer;

    HashingLane(HashingLaneSettings settings) {
        this.maxWaitNanos = settings.maxWait().toNanos();
        this.executor = new ThreadPoolExecutor(
                settings.threads(),
                settings.threads(),
                0,
                TimeUnit.MILLISECONDS,
                // a SynchronousQueue would refuse work that a thread is about to take; keep at least one place
                new ArrayBlockingQueue<>(Math.max(1, settings.queue())),
                daemonThreads("gaara-hashing-"),
                new ThreadPoolExecutor.AbortPolicy());
        this.executor.prestartAllCoreThreads();
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("gaara-answer-timer-"));
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Runs {@code work} in the lane. The future fails with {@link TemporarilyUnavailableException} when the lane is
     * full or the work waited past its deadline; otherwise it completes as the work does.
     */
    CompletableFuture<Void> run(Work work) {
        Waiter waiter = new Waiter(work);
        try {
            executor.execute(waiter);
        } catch (RejectedExecutionException full) {
            rejected.incrementAndGet();
            waiter.done.completeExceptionally(busy());
            return waiter.done;
        }
        try {
            waiter.deadline = timer.schedule(waiter::expire, maxWaitNanos, TimeUnit.NANOSECONDS);
            if (waiter.claimed.get()) {
                waiter.deadline.cancel(false); // a thread took it first
            }
        } catch (RejectedExecutionException stopping) {
            // the server is stopping: the lane drains what it holds, so this one still runs
        }
        return waiter.done;
    }

    /**
     * One request in the lane. Whichever comes first claims it: a lane thread picking it up runs the work; its deadline
     * passing answers {@code 503} at that moment and gives its queue place back, however long the threads stay busy.
     */
    private final class Waiter implements Runnable {
        private final Work work;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AtomicBoolean claimed = new AtomicBoolean();
        private volatile ScheduledFuture<?> deadline;

        private Waiter(Work work) {
            this.work = work;
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> pending = deadline;
            if (pending != null) {
                pending.cancel(false);
            }
            try {
                work.run();
                done.complete(null);
            } catch (InvalidCredentialsException e) {
                answerLater(done, e);
            } catch (Exception | Error e) {
                done.completeExceptionally(e);
            }
        }

        private void expire() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            executor.remove(this);
            rejected.incrementAndGet();
            done.completeExceptionally(busy());
        }
    }

    private void answerLater(CompletableFuture<Void> done, InvalidCredentialsException failure) {
        long delayNanos = failure.answerDelay().toNanos();
        if (delayNanos <= 0) {
            done.completeExceptionally(failure);
            return;
        }
        try {
            timer.schedule(() -> done.completeExceptionally(failure), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            // the server is stopping: answer now rather than never
            done.completeExceptionally(failure);
        }
    }

    /**
     * A future that completes {@code delay} from now, on the answer timer: a handler that has set its response and must
     * not send it before then (a reset request, whose answer time must not tell whether the address has an account)
     * returns it to {@code ctx.future}, holding no thread meanwhile.
     */
    CompletableFuture<Void> answerAfter(Duration delay) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long nanos = delay.toNanos();
        if (nanos <= 0) {
            done.complete(null);
            return done;
        }
        try {
            timer.schedule(() -> done.complete(null), nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            done.complete(null);
        }
        return done;
    }

    /** Requests turned away so far (lane full or waited too long). */
    long rejected() {
        return rejected.get();
    }

    private static TemporarilyUnavailableException busy() {
        return new TemporarilyUnavailableException("The server is busy; retry shortly.");
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Stops taking work; what is queued still runs and failures already waiting are still answered on time (the server
     * drains before it closes the lane).
     */
    @Override
    public void close() {
        executor.shutdown();
        timer.shutdown();
    }

    /** A handler's body, run on a lane thread. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }
}
