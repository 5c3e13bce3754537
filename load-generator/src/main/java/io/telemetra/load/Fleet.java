package io.telemetra.load;

import io.telemetra.api.telemetry.DeviceReading;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Simulated thermostats taking turns: reading k comes from device {@code k % devices}, and each device alternates
 * temperature and humidity. One driver thread asks for every reading; the counts may be read from any thread.
 * <p>
 * Reading ids are {@code <run id>-<k>}: unique across runs, because the platform stores a reading id once per device
 * and would silently drop a repeat. Each device's timestamps strictly increase (by at least a millisecond), so a
 * reading is visible in the read model exactly when its device's latest value for that metric is at least as new.
 */
final class Fleet {

    private final List<String> deviceIds;
    private final Thermostat[] thermostats;
    private final long[] readingsPerDevice;
    private final Instant[] lastTimestamp;
    private final boolean anomalies;
    private final String runId;
    private final int sampleEvery;
    private final Instant start;
    private final Random sampling;
    private volatile long next;
    private volatile long spikes;

    /**
     * @param sampleEvery one reading in this many, at random, is marked as sampled (a fixed stride would follow the
     *                    same few devices); 0 for none
     * @param start       the simulation's start, for the thermostats' slow swing
     */
    Fleet(String prefix, int devices, long seed, boolean anomalies, String runId, int sampleEvery, Instant start) {
        this.deviceIds = deviceIds(prefix, devices);
        Random random = new Random(seed);
        this.thermostats = new Thermostat[devices];
        for (int i = 0; i < devices; i++) {
            thermostats[i] = new Thermostat(new Random(random.nextLong()));
        }
        this.readingsPerDevice = new long[devices];
        this.lastTimestamp = new Instant[devices];
        this.anomalies = anomalies;
        this.runId = runId;
        this.sampleEvery = sampleEvery;
        this.start = start;
        this.sampling = new Random(random.nextLong());
    }

    /** {@code prefix-0001}...: zero-padded to at least four digits so ids sort in numeric order. */
    static List<String> deviceIds(String prefix, int devices) {
        int width = Math.max(4, String.valueOf(devices).length());
        List<String> ids = new ArrayList<>(devices);
        for (int i = 1; i <= devices; i++) {
            ids.add(String.format(Locale.ROOT, "%s-%0" + width + "d", prefix, i));
        }
        return List.copyOf(ids);
    }

    /** A short id for this run, from the clock: base 36 milliseconds. */
    static String runId(Instant now) {
        return Long.toString(now.toEpochMilli(), 36);
    }

    List<String> deviceIds() {
        return deviceIds;
    }

    /** The thermostat behind {@code deviceIds().get(index)}. */
    Thermostat thermostat(int index) {
        return thermostats[index];
    }

    /** The next reading, measured at {@code at} (the wall-clock time of its schedule slot). */
    PlannedReading next(long scheduledNanos, Instant at) {
        long k = next++;
        int device = (int) (k % deviceIds.size());
        Instant timestamp = at.truncatedTo(ChronoUnit.MILLIS);
        Instant previous = lastTimestamp[device];
        if (previous != null && !timestamp.isAfter(previous)) {
            timestamp = previous.plusMillis(1);
        }
        lastTimestamp[device] = timestamp;
        double seconds = (timestamp.toEpochMilli() - start.toEpochMilli()) / 1000.0;
        boolean temperature = readingsPerDevice[device]++ % 2 == 0;
        Thermostat thermostat = thermostats[device];
        Thermostat.Sample sample = temperature ? thermostat.temperature(seconds, anomalies)
                : thermostat.humidity(seconds, anomalies);
        if (sample.spike()) {
            spikes++;
        }
        DeviceReading reading = new DeviceReading(deviceIds.get(device), runId + "-" + k,
                temperature ? Thermostat.TEMPERATURE : Thermostat.HUMIDITY, sample.value(),
                temperature ? Thermostat.CELSIUS : Thermostat.PERCENT, timestamp);
        return new PlannedReading(reading, scheduledNanos, sampleEvery > 0 && sampling.nextInt(sampleEvery) == 0);
    }

    /** How many readings have been made. */
    long count() {
        return next;
    }

    /** How many of them were anomalous spikes. */
    long spikes() {
        return spikes;
    }
}
