package io.telemetra.load;

import java.time.Duration;

/** Runs a progress report at a fixed interval on its own thread until closed. */
final class Ticker implements AutoCloseable {

    private final Thread thread;

    Ticker(Duration interval, Runnable report) {
        thread = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(interval.toMillis());
                    report.run();
                }
            } catch (InterruptedException e) {
                // closed
            }
        }, "progress");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
