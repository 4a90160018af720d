package io.gaara.adapters.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.PasswordHasher;
import io.gaara.domain.Password;
import io.gaara.domain.PasswordHash;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

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
        assertThat(limited.verify(new Password("password"), new PasswordHash("x"))).isEqualTo(PasswordHasher.PasswordCheck.MISMATCH);
    }
}
