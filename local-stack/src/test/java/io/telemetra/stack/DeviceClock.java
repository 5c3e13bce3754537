package io.telemetra.stack;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The readings the fault tests send: per device, ids r-0, r-1... and strictly increasing timestamps near the wall
 * clock (so that no two readings of a device share their natural key), values on a slow wave.
 */
final class DeviceClock {

    private record Next(long sequence, long epochMilli) {
    }

    private final Map<String, Next> next = new ConcurrentHashMap<>();

    ReadingLedger.Reading next(String deviceId) {
        long now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
        Next taken = next.compute(deviceId, (id, previous) -> previous == null ? new Next(0, now)
                : new Next(previous.sequence() + 1, Math.max(now, previous.epochMilli() + 1)));
        return new ReadingLedger.Reading(deviceId, "r-" + taken.sequence(), "temperature",
                Math.round(150 + 100 * Math.sin(taken.sequence() / 7.0)) / 10.0, Instant.ofEpochMilli(taken.epochMilli()));
    }
}
