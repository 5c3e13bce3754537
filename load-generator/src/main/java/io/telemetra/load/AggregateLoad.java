package io.telemetra.load;

import io.telemetra.api.telemetry.ReadingRequest;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * How long command-service takes to load a device, with and without a snapshot. Acknowledging an alert the device does
 * not have makes command-service load it to decide, refuse (404 {@code ALERT_NOT_FOUND}) and, since the refusal rolls
 * its unit of work back, drop it from its cache: every such request loads the device from the store again, and takes
 * no snapshot. Its latency minus that of the same request for a device with a short history, loaded from its own
 * snapshot, is the load time: with a snapshot on both sides, the difference is what the long history adds to a load.
 */
final class AggregateLoad {

    private static final int REPEATS = 11;
    private static final Step NOTHING = () -> { };
    private static final Duration SNAPSHOT_WAIT = Duration.ofSeconds(120);
    /** Readings that take the baseline device past command-service's snapshot threshold (500 by default). */
    private static final int BASELINE_READINGS = 600;

    /** Median request latencies in milliseconds; {@code events} is the device's history length. */
    record Result(String deviceId, long events, double baselineMs, double withSnapshotMs, double withoutSnapshotMs) {

        String describe() {
            return String.format(Locale.ROOT, "aggregate load of %s (%d events): %.1f ms from its snapshot, %.1f ms"
                            + " from its events alone (request latency %.1f / %.1f ms, of which %.1f ms for a device"
                            + " with a short history, from its snapshot)", deviceId, events,
                    Math.max(0, withSnapshotMs - baselineMs), Math.max(0, withoutSnapshotMs - baselineMs),
                    withSnapshotMs, withoutSnapshotMs, baselineMs);
        }
    }

    private final PlatformClient client;
    private final Connection db;
    private final Console console;

    AggregateLoad(PlatformClient client, Connection db, Console console) {
        this.client = client;
        this.db = db;
        this.console = console;
    }

    Result measure(String deviceId, String baselineDeviceId) throws IOException, InterruptedException, SQLException {
        long events = head(deviceId) + 1;
        console.info("aggregate load: %s, %d events; baseline %s", deviceId, events, baselineDeviceId);
        client.register(baselineDeviceId, "probe", "Aggregate-load probe", null);
        snapshotBaseline(baselineDeviceId);
        median(baselineDeviceId, NOTHING, NOTHING); // warms the path up
        double baseline = median(baselineDeviceId, NOTHING, NOTHING);
        // A reading makes it load and, past the snapshot threshold, take a snapshot, written on its own thread.
        PlatformClient.Response recorded = client.postReadingNow(deviceId);
        if (!recorded.ok()) {
            throw new IllegalStateException("a reading for " + deviceId + " was refused: " + recorded.reason());
        }
        awaitSnapshot(deviceId, events - 1);
        double withSnapshot = median(deviceId, NOTHING, NOTHING);
        // Loading the whole history makes command-service take a snapshot again, on its own thread: each request
        // starts without a snapshot, once the one the request before it made is written (and so cannot race the
        // delete).
        long lastSequence = events; // the reading's
        double withoutSnapshot = median(deviceId, () -> deleteSnapshots(deviceId),
                () -> awaitSnapshot(deviceId, lastSequence));
        return new Result(deviceId, events, Math.min(baseline, median(baselineDeviceId, NOTHING, NOTHING)),
                withSnapshot, withoutSnapshot);
    }

    /** Takes the baseline device past the snapshot threshold once, and waits for its snapshot. */
    private void snapshotBaseline(String deviceId) throws IOException, InterruptedException, SQLException {
        if (latestSnapshot(deviceId) >= 0) {
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<ReadingRequest> readings = new ArrayList<>();
        for (int i = BASELINE_READINGS; i > 0; i--) {
            readings.add(new ReadingRequest(null, "temperature", 20.0, "Cel", now.minusMillis(i)));
        }
        PlatformClient.Response recorded = client.postDeviceReadings(deviceId, readings);
        if (!recorded.ok()) {
            throw new IllegalStateException("readings for " + deviceId + " were refused: " + recorded.reason());
        }
        awaitSnapshot(deviceId, head(deviceId));
    }

    /** Before or after each request; may wait on the database. */
    private interface Step {
        void run() throws SQLException, InterruptedException;
    }

    private double median(String deviceId, Step before, Step after) throws IOException, InterruptedException,
            SQLException {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            before.run();
            long start = System.nanoTime();
            PlatformClient.Response response = client.acknowledgeAlert(deviceId, "no-such-alert");
            millis.add((System.nanoTime() - start) / 1e6);
            if (response.status() != 404) {
                throw new IllegalStateException("acknowledging an unknown alert of " + deviceId + " answered "
                        + response.reason() + ", not 404");
            }
            after.run();
        }
        Collections.sort(millis);
        return millis.get(REPEATS / 2);
    }

    private void deleteSnapshots(String deviceId) throws SQLException {
        try (PreparedStatement delete = db.prepareStatement(
                "delete from eventstore.snapshot_event_entry where aggregate_identifier = ?")) {
            delete.setString(1, deviceId);
            delete.executeUpdate();
        }
    }

    /** Until the device has a snapshot of its history up to {@code sequence} or later. */
    private void awaitSnapshot(String deviceId, long sequence) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + SNAPSHOT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (latestSnapshot(deviceId) >= sequence) {
                return;
            }
            Thread.sleep(500);
        }
        console.warn("no snapshot of %s up to event %d after %d s: the aggregate-load figures are not what they say",
                deviceId, sequence, SNAPSHOT_WAIT.toSeconds());
    }

    /** The sequence number of the device's latest snapshot, -1 without one. */
    private long latestSnapshot(String deviceId) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("select coalesce(max(sequence_number), -1)"
                + " from eventstore.snapshot_event_entry where aggregate_identifier = ?")) {
            query.setString(1, deviceId);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long head(String deviceId) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(
                "select sequence_number from eventstore.event_stream_head where aggregate_identifier = ?")) {
            query.setString(1, deviceId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }
}
