package io.gaara.bootstrap;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Stopping the background workers bootstrap starts (the email outbox, the security log's writer). */
final class Workers {
    private Workers() {}

    /** Lets the task in progress finish for up to 10 s, then interrupts it; keeps the caller's interrupt. */
    static void stop(ExecutorService worker) {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
