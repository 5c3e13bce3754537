package io.telemetra.command.scheduling;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;

import java.time.Duration;
import java.time.Instant;

/**
 * Reschedules a failed db-scheduler execution after {@code initial}, doubling with each consecutive failure up to
 * {@code max}. db-scheduler's own exponential handler has no ceiling: after a long outage its next try would be days
 * away.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** The delay before the next try, after {@code failures} consecutive failures (1 for the first). */
    public Duration delayAfter(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        Duration delay = initial.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 || delay.isNegative() ? max : delay;
    }

    public Instant nextTry(ExecutionComplete failed) {
        return failed.getTimeDone().plus(delayAfter(failed.getExecution().consecutiveFailures + 1));
    }

    /** A failure handler that retries for ever: for work that must never be dropped, such as a deadline. */
    public <T> FailureHandler<T> retryForever() {
        return (failed, operations) -> reschedule(failed, operations);
    }

    public <T> void reschedule(ExecutionComplete failed, ExecutionOperations<T> operations) {
        operations.reschedule(failed, nextTry(failed));
    }
}
