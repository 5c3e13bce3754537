package io.telemetra.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.security.Role;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Devices posting batches of readings to command-service as a well-behaved client does: a batch that was not answered
 * 202 (the service down, the database away, the connection reset) is sent again, unchanged, until it is; then its
 * readings go into the ledger as acknowledged. The resent batch may already have been stored: the platform must
 * record it once. With several command-service instances the batches go round them, as a load balancer sends them,
 * and a batch sent again goes to the next instance.
 */
final class RestIngestion implements AutoCloseable {

    private static final int BATCH_SIZE = 5;
    private static final Duration PAUSE = Duration.ofMillis(40);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(250);
    /** How long a batch in flight when the test stops the load may still be retried. */
    private static final Duration DRAIN = Duration.ofMinutes(3);

    private final FaultStack stack;
    private final ReadingLedger ledger;
    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String token;
    private volatile boolean running = true;
    private volatile long stoppedAt;

    /** One thread per group of devices, each going round its devices one batch at a time. */
    RestIngestion(FaultStack stack, ReadingLedger ledger, List<List<String>> deviceGroups, DeviceClock clock) {
        this.stack = stack;
        this.ledger = ledger;
        this.token = stack.token(Role.OPERATOR);
        for (List<String> devices : deviceGroups) {
            Thread thread = new Thread(() -> run(devices, clock), "rest-ingestion");
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void run(List<String> devices, DeviceClock clock) {
        List<String> instances = stack.urls(Service.COMMAND);
        for (int round = 0; running; round++) {
            String deviceId = devices.get(round % devices.size());
            List<ReadingLedger.Reading> batch = new ArrayList<>();
            for (int i = 0; i < BATCH_SIZE; i++) {
                batch.add(clock.next(deviceId));
            }
            ledger.sent(batch);
            if (post(instances, round, deviceId, batch)) {
                ledger.acknowledged(batch);
            }
            sleep(PAUSE);
        }
    }

    /** @return true once answered 202; false when the test stopped and the drain time ran out */
    private boolean post(List<String> instances, int round, String deviceId, List<ReadingLedger.Reading> batch) {
        String body;
        try {
            body = json.writeValueAsString(batch.stream().map(reading -> Map.of(
                    "readingId", reading.readingId(), "metric", reading.metric(), "value", reading.value(),
                    "unit", "C", "timestamp", reading.timestamp().toString())).toList());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (int attempt = 0; running || System.nanoTime() - stoppedAt < DRAIN.toNanos(); attempt++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(instances.get((round + attempt)
                            % instances.size()) + "/api/devices/" + deviceId + "/readings"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 202) {
                    return true;
                }
                if (status < 500 && status != 429) {
                    // Never right for a valid batch sent again unchanged: reported, not retried.
                    unexpected.add(status + " " + response.body());
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                // refused or reset: the service is down or restarting
            }
            sleep(RETRY_PAUSE);
        }
        return false;
    }

    /** Answers other than 202 or a retryable failure: a valid batch sent again unchanged never gets one. */
    List<String> unexpectedAnswers() {
        return List.copyOf(unexpected);
    }

    /** Stops sending new batches; the batches in flight are retried until answered (or the drain time ran out). */
    @Override
    public void close() throws InterruptedException {
        stoppedAt = System.nanoTime();
        running = false;
        for (Thread thread : threads) {
            thread.join(DRAIN.plusSeconds(30).toMillis());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
