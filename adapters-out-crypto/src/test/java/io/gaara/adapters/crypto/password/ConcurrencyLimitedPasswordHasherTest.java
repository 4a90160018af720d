package io.gaara.adapters.crypto.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.TemporarilyUnavailableException;
import io.gaara.application.port.out.crypto.PasswordHasher;
import io.gaara.domain.Password;
import io.gaara.domain.PasswordHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ConcurrencyLimitedPasswordHasherTest {

    /** Records how many calls overlap. */
    private static final class SlowHasher implements PasswordHasher {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        private void work() {
            int now = running.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public PasswordHash hash(Password password) {
            work();
            return new PasswordHash("slow$" + password.length());
        }

        @Override
        public PasswordCheck verify(Password password, PasswordHash hash) {
            work();
            return PasswordCheck.MATCH;
        }
    }

    @Test
    void givenSixteenCallersAtOnce_whenLimitIsTwo_thenNeverMoreThanTwoHashesRunAndAllFinish() throws Exception {
        SlowHasher slow = new SlowHasher();
        PasswordHasher limited = new ConcurrencyLimitedPasswordHasher(slow, 2);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            boolean verify = i % 2 == 0;
            calls.add(pool.submit(() -> verify
                    ? limited.verify(new Password("password"), new PasswordHash("x"))
                    : limited.hash(new Password("password"))));
        }
        for (Future<?> call : calls) {
            assertThat(call.get()).isNotNull();
        }
        pool.shutdown();
        assertThat(slow.mostAtOnce.get()).isEqualTo(2);
    }

    @Test
    void givenDelegateThrows_whenCalled_thenPermitReturned() {
        PasswordHasher failing = new PasswordHasher() {
            @Override
            public PasswordHash hash(Password password) {
                throw new IllegalStateException("boom");
            }

            @Override
            public PasswordCheck verify(Password password, PasswordHash hash) {
                return PasswordCheck.MISMATCH;
            }
        };
        PasswordHasher limited = new ConcurrencyLimitedPasswordHasher(failing, 1);
        for (int i = 0; i < 3; i++) {
            try {
                limited.hash(new Password("password"));
            } catch (IllegalStateException expected) {
                // the permit must come back each time, or the third call would block forever
            }
        }
        assertThat(limited.verify(new Password("password"), new PasswordHash("x")))
                .isEqualTo(PasswordHasher.PasswordCheck.MISMATCH);
    }

    /** Holds its permit until released. */
    private static final class BlockingHasher implements PasswordHasher {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public PasswordHash hash(Password password) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new PasswordHash("blocked$");
        }

        @Override
        public PasswordCheck verify(Password password, PasswordHash hash) {
            hash(password);
            return PasswordCheck.MATCH;
        }
    }

    @Test
    @Timeout(10) // without the wait limit, this call would block forever
    void givenEveryPermitHeldPastTheWaitLimit_whenCalled_thenTemporarilyUnavailableInsteadOfWaitingForever()
            throws Exception {
        BlockingHasher blocking = new BlockingHasher();
        PasswordHasher limited = new ConcurrencyLimitedPasswordHasher(blocking, 1, Duration.ofMillis(200));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<PasswordHash> holder = pool.submit(() -> limited.hash(new Password("password")));
            assertThat(blocking.entered.await(5, TimeUnit.SECONDS)).isTrue();

            long started = System.nanoTime();
            assertThatThrownBy(() -> limited.verify(new Password("password"), new PasswordHash("x")))
                    .isInstanceOf(TemporarilyUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isBetween(Duration.ofMillis(150), Duration.ofSeconds(3));

            blocking.release.countDown();
            assertThat(holder.get(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(limited.hash(new Password("password")))
                    .as("the permit came back")
                    .isNotNull();
        } finally {
            blocking.release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void givenWaiterInterrupted_whenWaitingForAPermit_thenTemporarilyUnavailableAndInterruptKept() throws Exception {
        BlockingHasher blocking = new BlockingHasher();
        PasswordHasher limited = new ConcurrencyLimitedPasswordHasher(blocking, 1, Duration.ofMinutes(1));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            pool.submit(() -> limited.hash(new Password("password")));
            assertThat(blocking.entered.await(5, TimeUnit.SECONDS)).isTrue();

            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    limited.hash(new Password("password"));
                } catch (RuntimeException e) {
                    thrown.set(e);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            waiter.start();
            Thread.sleep(100);
            waiter.interrupt();
            waiter.join(5_000);

            assertThat(thrown.get()).isInstanceOf(TemporarilyUnavailableException.class);
            assertThat(stillInterrupted.get()).isTrue();
        } finally {
            blocking.release.countDown();
            pool.shutdownNow();
        }
    }
}
