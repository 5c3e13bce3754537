package io.telemetra.command.metrics;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/** Counting what a unit of work did only once it commits, so that a batch retried after a rollback counts once. */
public final class OnCommit {

    private OnCommit() {
    }

    /** Runs {@code count} after the current unit of work commits, or now when there is none. */
    public static void count(Runnable count) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(committed -> count.run());
        } else {
            count.run();
        }
    }
}
