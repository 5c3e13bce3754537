package io.telemetra.load;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Makes readings on an open-loop schedule and hands them to the sink, from the calling thread. Each run keeps its own
 * rate; the fleet's reading sequence carries on across runs.
 */
final class Driver {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final Fleet fleet;
    private final ReadingSink sink;
    /** Wall-clock time of a {@link System#nanoTime()} origin, to timestamp readings by their scheduled slot. */
    private final Instant wallAtOrigin;
    private final long originNanos;
    private volatile boolean stopped;
    private volatile long behind;

    Driver(Fleet fleet, ReadingSink sink) {
        this.fleet = fleet;
        this.sink = sink;
        this.originNanos = System.nanoTime();
        this.wallAtOrigin = Instant.now();
    }

    /**
     * Sends at {@code perSecond} for {@code duration} (null: until {@link #stop()}), handing every sampled reading to
     * {@code onSampled} first. Returns when the time is up or on {@link #stop()}.
     */
    void run(double perSecond, Duration duration, Consumer<PlannedReading> onSampled) {
        long start = System.nanoTime();
        long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        RatePacer pacer = new RatePacer(perSecond, start);
        long issued = 0;
        while (!stopped) {
            long now = System.nanoTime();
            long due = pacer.dueBy(Math.min(now, end - 1));
            while (issued < due && !stopped) {
                long scheduled = pacer.scheduledNanos(issued);
                PlannedReading reading = fleet.next(scheduled, wallAtOrigin.plusNanos(scheduled - originNanos));
                if (reading.sampled()) {
                    onSampled.accept(reading);
                }
                sink.send(reading);
                issued++;
            }
            behind = Math.max(0, pacer.dueBy(System.nanoTime()) - issued);
            if (now >= end) {
                break;
            }
            LockSupport.parkNanos(TICK_NANOS);
        }
        behind = 0;
    }

    /** Readings due by now that the driver has not handed over yet: the client itself is the bottleneck. */
    long behind() {
        return behind;
    }

    void stop() {
        stopped = true;
    }
}
