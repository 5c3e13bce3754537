package io.telemetra.load;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Read-model visibility of sampled readings: from a reading's scheduled send time until the read model shows it.
 * <p>
 * One thread polls {@code readmodel.device_latest_reading} with a single primary-key query for all devices that have a
 * pending sample, rather than asking query-service per reading: a few small index reads a second cost the platform next
 * to nothing, where an HTTP request per sample would compete with the load for the same two cores. It polls every
 * {@value #POLL_MILLIS} ms, or every {@value #MILLIS_PER_DEVICE} ms per device in the query when more are pending:
 * when the read model lags seconds behind, every device has samples pending, and polling all their rows 20 times a
 * second made the bench itself PostgreSQL's third-largest load (docs/performance.md), slowing what it measures.
 * A sample is visible when its device's latest value for the metric is that reading or a newer one (the projection
 * applies a device's events in order, and the fleet's timestamps strictly increase per device).
 * A latency is read at the start of the query that first sees it: at most one poll interval plus one query late, so
 * at most a second with a thousand devices pending, when latencies are counted in seconds, and a few milliseconds
 * below saturation, where a 50 ms interval had overstated every latency by 25 ms on average.
 */
final class VisibilityTracker implements AutoCloseable {

    static final long POLL_MILLIS = 10;
    static final long MILLIS_PER_DEVICE = 1;
    private static final String LATEST = "select device_id, metric, reading_id, reading_timestamp"
            + " from readmodel.device_latest_reading where device_id = any(?)";

    private record Sample(String deviceId, String metric, String readingId, Instant timestamp, long scheduledNanos) {
    }

    private record Latest(String readingId, Instant timestamp) {
    }

    private final Connection connection;
    private final Map<String, Sample> pending = new ConcurrentHashMap<>();
    private volatile LatencySamples micros = new LatencySamples();
    private final Thread poller;
    private volatile boolean closed;
    private volatile String problem;

    VisibilityTracker(Connection connection) {
        this.connection = connection;
        this.poller = new Thread(this::pollUntilClosed, "visibility-poller");
        poller.setDaemon(true);
        poller.start();
    }

    void expect(PlannedReading planned) {
        var r = planned.reading();
        pending.put(r.readingId(), new Sample(r.deviceId(), r.metric(), r.readingId(), r.timestamp(),
                planned.scheduledNanos()));
    }

    /** The platform refused it: it will never be visible, and is no latency sample. */
    void forget(PlannedReading planned) {
        pending.remove(planned.reading().readingId());
    }

    int pending() {
        return pending.size();
    }

    /** Latencies in microseconds of the samples seen so far. */
    LatencySamples latencies() {
        return micros;
    }

    /** Starts a new window's latencies; what was pending is no longer followed. */
    void restartLatencies() {
        pending.clear();
        micros = new LatencySamples();
    }

    /** The last polling failure, if the latest poll failed. */
    String problem() {
        return problem;
    }

    /** Waits until every sample is visible or the time is up; @return how many are still pending */
    int awaitVisible(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
        }
        return pending.size();
    }

    /**
     * Records what is still pending with the time waited so far, a lower bound of its latency (dropping them would
     * flatter the percentiles), and stops following them. @return how many
     */
    int giveUp() {
        long now = System.nanoTime();
        int count = 0;
        for (Sample sample : pending.values()) {
            if (pending.remove(sample.readingId()) != null) {
                micros.record((now - sample.scheduledNanos()) / 1_000);
                count++;
            }
        }
        return count;
    }

    private void pollUntilClosed() {
        while (!closed) {
            try {
                int devices = 0;
                if (!pending.isEmpty()) {
                    devices = poll();
                    problem = null;
                }
                Thread.sleep(pollInterval(devices));
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                problem = e.getMessage();
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    static long pollInterval(int devicesPolled) {
        return Math.max(POLL_MILLIS, devicesPolled * MILLIS_PER_DEVICE);
    }

    /** @return how many devices the query asked for */
    private int poll() throws SQLException {
        Object[] devices = pending.values().stream().map(Sample::deviceId).distinct().toArray();
        long queryStart = System.nanoTime();
        Map<String, Latest> latest = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(LATEST)) {
            Array ids = connection.createArrayOf("text", devices);
            query.setArray(1, ids);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    latest.put(key(rs.getString(1), rs.getString(2)),
                            new Latest(rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
            ids.free();
        }
        for (Sample sample : pending.values()) {
            Latest seen = latest.get(key(sample.deviceId(), sample.metric()));
            boolean visible = seen != null && (sample.readingId().equals(seen.readingId())
                    || !seen.timestamp().isBefore(sample.timestamp()));
            if (visible && pending.remove(sample.readingId()) != null) {
                micros.record((queryStart - sample.scheduledNanos()) / 1_000);
            }
        }
        return devices.length;
    }

    private static String key(String deviceId, String metric) {
        return deviceId + '\n' + metric;
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
