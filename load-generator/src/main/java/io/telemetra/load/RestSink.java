package io.telemetra.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.api.telemetry.DeviceReading;
import io.telemetra.api.telemetry.ReadingRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Gateways over REST: sender threads, each owning a share of the devices, so a device's requests go out one after the
 * other, in order. A sender takes everything queued for its devices and posts it in batches, so batches grow when the
 * platform is slow (as a gateway's buffer would) instead of the offered load dropping. Either
 * {@code POST /api/readings} (any devices in one request) or, where the service has no such endpoint, one
 * {@code POST /api/devices/{id}/readings} per device. With several command-service instances each sender posts to
 * one of them, so a device's requests always reach the same instance, as a load balancer hashing on the device would
 * send them, and its state stays cached there.
 */
final class RestSink implements ReadingSink {

    /** Readings per request: well under command-service's bound (1000 by default). */
    static final int MAX_BATCH = 500;
    private static final long JOIN_TIMEOUT_MILLIS = 120_000;

    private final boolean multiDevice;
    private final SendStats stats;
    private final Consumer<PlannedReading> onFailure;
    private final List<BlockingQueue<PlannedReading>> queues = new ArrayList<>();
    private final List<Thread> senders = new ArrayList<>();
    private final AtomicLong inFlight = new AtomicLong();
    private volatile boolean closing;

    /**
     * @param multiDevice post to {@code /api/readings} (see {@link #probeMultiDevice})
     * @param maxQueued   readings waiting in this client at most; beyond it they fail as {@code client backlog full}
     */
    RestSink(PlatformClient client, boolean multiDevice, int senderCount, int maxQueued, SendStats stats,
             Consumer<PlannedReading> onFailure) {
        this.multiDevice = multiDevice;
        this.stats = stats;
        this.onFailure = onFailure;
        for (int i = 0; i < senderCount; i++) {
            BlockingQueue<PlannedReading> queue = new LinkedBlockingQueue<>(Math.max(1, maxQueued / senderCount));
            queues.add(queue);
            PlatformClient instance = client.forInstance(i);
            Thread sender = new Thread(() -> run(queue, instance), "rest-sender-" + i);
            sender.setDaemon(true);
            senders.add(sender);
            sender.start();
        }
    }

    /**
     * Whether the service has {@code POST /api/readings}: posts {@code reading} (of a registered device) there and
     * tells whether it was accepted. The security rules deny unknown paths (403), so anything but 2xx means no.
     */
    static boolean probeMultiDevice(PlatformClient client, DeviceReading reading) throws IOException,
            InterruptedException {
        return client.postReadings(List.of(reading)).ok();
    }

    String endpoint() {
        return multiDevice ? "POST /api/readings" : "POST /api/devices/{id}/readings";
    }

    @Override
    public void send(PlannedReading reading) {
        if (closing) {
            throw new IllegalStateException("the REST sink is closed");
        }
        BlockingQueue<PlannedReading> queue = queues.get(Math.floorMod(reading.reading().deviceId().hashCode(),
                queues.size()));
        inFlight.incrementAndGet();
        if (!queue.offer(reading)) {
            inFlight.decrementAndGet();
            stats.failed("client backlog full", 1);
            onFailure.accept(reading);
        }
    }

    @Override
    public long inFlight() {
        return inFlight.get();
    }

    private void run(BlockingQueue<PlannedReading> queue, PlatformClient client) {
        List<PlannedReading> taken = new ArrayList<>();
        while (true) {
            PlannedReading first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                if (closing) {
                    return;
                }
                continue;
            }
            taken.clear();
            taken.add(first);
            queue.drainTo(taken, 20 * MAX_BATCH);
            try {
                if (multiDevice) {
                    for (List<PlannedReading> chunk : chunks(taken)) {
                        postMultiDevice(client, chunk);
                    }
                } else {
                    for (List<PlannedReading> deviceReadings : byDevice(taken).values()) {
                        for (List<PlannedReading> chunk : chunks(deviceReadings)) {
                            postDevice(client, chunk);
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Groups readings by device, keeping each device's order. */
    static Map<String, List<PlannedReading>> byDevice(List<PlannedReading> readings) {
        Map<String, List<PlannedReading>> groups = new LinkedHashMap<>();
        readings.forEach(r -> groups.computeIfAbsent(r.reading().deviceId(), d -> new ArrayList<>()).add(r));
        return groups;
    }

    static List<List<PlannedReading>> chunks(List<PlannedReading> readings) {
        List<List<PlannedReading>> chunks = new ArrayList<>();
        for (int from = 0; from < readings.size(); from += MAX_BATCH) {
            chunks.add(List.copyOf(readings.subList(from, Math.min(readings.size(), from + MAX_BATCH))));
        }
        return chunks;
    }

    private void postMultiDevice(PlatformClient client, List<PlannedReading> chunk) throws InterruptedException {
        List<DeviceReading> body = chunk.stream().map(PlannedReading::reading).toList();
        PlatformClient.Response response = timed(chunk, () -> client.postReadings(body));
        if (response == null) {
            return;
        }
        if (!response.ok()) {
            failAll(chunk, response.reason());
            return;
        }
        JsonNode rejected = response.body().path("rejected");
        for (JsonNode rejection : rejected) {
            int index = rejection.path("index").asInt(-1);
            stats.failed(rejection.path("code").asText("rejected"), 1);
            if (index >= 0 && index < chunk.size()) {
                onFailure.accept(chunk.get(index));
            }
        }
        stats.accepted(acknowledged(response.body(), chunk.size() - rejected.size()));
    }

    private void postDevice(PlatformClient client, List<PlannedReading> chunk) throws InterruptedException {
        String deviceId = chunk.get(0).reading().deviceId();
        List<ReadingRequest> body = chunk.stream().map(r -> r.reading().withoutDevice()).toList();
        PlatformClient.Response response = timed(chunk, () -> client.postDeviceReadings(deviceId, body));
        if (response == null) {
            return;
        }
        if (response.ok()) {
            stats.accepted(acknowledged(response.body(), chunk.size()));
        } else {
            failAll(chunk, response.reason());
        }
    }

    /** Readings stored by this request or recognised as stored before (a retried request): both are acknowledged. */
    private static long acknowledged(JsonNode answer, long fallback) {
        return answer.has("accepted") ? answer.path("accepted").asLong() + answer.path("duplicates").asLong()
                : fallback;
    }

    private interface Request {
        PlatformClient.Response send() throws IOException, InterruptedException;
    }

    /** Sends and times one request; null when it failed without an answer (already counted). */
    private PlatformClient.Response timed(List<PlannedReading> chunk, Request request) throws InterruptedException {
        stats.sent(chunk.size());
        long start = System.nanoTime();
        try {
            PlatformClient.Response response = request.send();
            stats.requestTook((System.nanoTime() - start) / 1_000);
            return response;
        } catch (IOException e) {
            failAll(chunk, e.getClass().getSimpleName());
            return null;
        } finally {
            inFlight.addAndGet(-chunk.size());
        }
    }

    private void failAll(List<PlannedReading> chunk, String reason) {
        stats.failed(reason, chunk.size());
        chunk.forEach(onFailure);
    }

    /** Lets the senders empty their queues, then stops them. */
    @Override
    public void close() {
        closing = true;
        long deadline = System.currentTimeMillis() + JOIN_TIMEOUT_MILLIS;
        for (Thread sender : senders) {
            try {
                sender.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        senders.forEach(Thread::interrupt);
    }
}
