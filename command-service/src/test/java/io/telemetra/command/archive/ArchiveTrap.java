package io.telemetra.command.archive;

import org.springframework.boot.test.context.TestComponent;

import java.util.concurrent.atomic.AtomicReference;

/** Stops the next archive once it reaches a step, as a kill there would: nothing after it runs. */
@TestComponent
public class ArchiveTrap implements ArchiveCheckpoints {

    /** What the trap throws: an Error, so that nothing on the way out mistakes it for a failure to handle. */
    public static final class Killed extends Error {

        Killed(Step step, String partition) {
            super("killed at " + step + " of " + partition);
        }
    }

    private final AtomicReference<Step> armed = new AtomicReference<>();

    public void killAt(Step step) {
        armed.set(step);
    }

    @Override
    public void reached(Step step, String partition) {
        if (armed.compareAndSet(step, null)) {
            throw new Killed(step, partition);
        }
    }
}
