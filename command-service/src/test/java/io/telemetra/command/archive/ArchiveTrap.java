package io.telemetra.command.archive;

import org.springframework.boot.test.context.TestComponent;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stops the next archive once it reaches a step, as a kill there would: nothing after it runs; or holds it at a step of
 * a partition until the test lets it go on.
 */
@TestComponent
public class ArchiveTrap implements ArchiveCheckpoints {

    /** What the trap throws: an Error, so that nothing on the way out mistakes it for a failure to handle. */
    public static final class Killed extends Error {

        Killed(Step step, String partition) {
            super("killed at " + step + " of " + partition);
        }
    }

    /** An archive held at a step; closing it lets the archive go on. */
    public static final class Pause implements AutoCloseable {

        private final Step step;
        private final String partition;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private Pause(Step step, String partition) {
            this.step = step;
            this.partition = partition;
        }

        public void awaitReached(Duration timeout) throws InterruptedException {
            if (!reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("no archive reached the step within " + timeout);
            }
        }

        @Override
        public void close() {
            released.countDown();
        }
    }

    private static final Duration LONGEST_PAUSE = Duration.ofMinutes(2);

    private final AtomicReference<Step> armed = new AtomicReference<>();
    private final AtomicReference<Pause> pause = new AtomicReference<>();

    public void killAt(Step step) {
        armed.set(step);
    }

    public Pause pauseAt(Step step, String partition) {
        Pause next = new Pause(step, partition);
        pause.set(next);
        return next;
    }

    @Override
    public void reached(Step step, String partition) {
        if (armed.compareAndSet(step, null)) {
            throw new Killed(step, partition);
        }
        Pause held = pause.get();
        if (held != null && held.step == step && held.partition.equals(partition) && pause.compareAndSet(held, null)) {
            held.reached.countDown();
            try {
                held.released.await(LONGEST_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
