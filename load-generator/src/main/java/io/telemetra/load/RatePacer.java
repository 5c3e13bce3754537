package io.telemetra.load;

/**
 * Open-loop pacing: the k-th reading (from 0) is due at {@code start + k / rate}, whatever happened to the earlier
 * ones. A sender that falls behind catches up with a burst instead of lowering the load, and latencies are measured
 * from these scheduled times, so a slow platform cannot hide behind a slowed-down client.
 */
final class RatePacer {

    private final double perSecond;
    private final long startNanos;

    RatePacer(double perSecond, long startNanos) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("the rate must be positive, not " + perSecond);
        }
        this.perSecond = perSecond;
        this.startNanos = startNanos;
    }

    /** How many readings are due by {@code nowNanos}, counting from the start (the one at the start included). */
    long dueBy(long nowNanos) {
        long elapsed = nowNanos - startNanos;
        if (elapsed < 0) {
            return 0;
        }
        return (long) Math.floor(elapsed * perSecond / 1e9) + 1;
    }

    /** When the k-th reading is due. */
    long scheduledNanos(long k) {
        return startNanos + (long) Math.ceil(k * 1e9 / perSecond);
    }
}
