package io.telemetra.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.security.Role;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Clients renaming the same devices at the same time, each through its own command-service instance: client
 * {@code A} sends {@code PATCH {"name": "A-1"}}, then {@code A-2}... to each device in turn, one request at a time, and
 * so does {@code B} through the next instance. A request that was not answered 204 (its instance killed, the database
 * away) is sent again, unchanged, to the next instance until it is. Every name is new, so every update must be
 * recorded: each client's names appear in the device's history in the order the client was answered, once each (twice
 * in a row at most where an update was applied but its answer lost, and sent again).
 */
final class ContendedUpdates implements AutoCloseable {

    private static final Duration RETRY_PAUSE = Duration.ofMillis(250);
    /** How long an update in flight when the test stops may still be retried. */
    private static final Duration DRAIN = Duration.ofMinutes(3);

    private final FaultStack stack;
    private final List<String> devices;
    private final Map<String, Map<String, List<String>>> acknowledged = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String token;
    private volatile boolean running = true;
    private volatile long stoppedAt;

    /** @param clients one per name, client {@code i} starting at command-service instance {@code i} */
    ContendedUpdates(FaultStack stack, List<String> devices, List<String> clients) {
        this.stack = stack;
        this.devices = List.copyOf(devices);
        this.token = stack.token(Role.OPERATOR);
        for (int i = 0; i < clients.size(); i++) {
            String client = clients.get(i);
            Map<String, List<String>> byDevice = new LinkedHashMap<>();
            devices.forEach(device -> byDevice.put(device, new ArrayList<>()));
            acknowledged.put(client, byDevice);
            int first = i;
            Thread thread = new Thread(() -> run(client, first, byDevice), "updates-" + client);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void run(String client, int firstInstance, Map<String, List<String>> byDevice) {
        List<String> instances = stack.urls(Service.COMMAND);
        for (int step = 1; running; step++) {
            for (String device : devices) {
                String name = client + "-" + step;
                if (!patch(instances, firstInstance, device, name)) {
                    return;
                }
                synchronized (byDevice) {
                    byDevice.get(device).add(name);
                }
            }
        }
    }

    /** @return true once answered 204; false when the test stopped and the drain time ran out */
    private boolean patch(List<String> instances, int firstInstance, String device, String name) {
        for (int attempt = 0; running || System.nanoTime() - stoppedAt < DRAIN.toNanos(); attempt++) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(instances.get((firstInstance + attempt)
                                % instances.size()) + "/api/devices/" + device))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
                                Map.of("name", name))))
                        .build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 204) {
                    return true;
                }
                if (response.statusCode() < 500) {
                    unexpected.add(response.statusCode() + " " + response.body());
                    return true; // reported; not retried, and not taken for applied
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                // refused or reset: the instance is down or restarting
            }
            try {
                Thread.sleep(RETRY_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Client: device: the names it was answered 204 for, in order. */
    Map<String, Map<String, List<String>>> acknowledged() {
        Map<String, Map<String, List<String>>> copy = new LinkedHashMap<>();
        acknowledged.forEach((client, byDevice) -> {
            Map<String, List<String>> devicesCopy = new LinkedHashMap<>();
            synchronized (byDevice) {
                byDevice.forEach((device, names) -> devicesCopy.put(device, List.copyOf(names)));
            }
            copy.put(client, devicesCopy);
        });
        return copy;
    }

    /** Answers other than 204 or a retryable failure. */
    List<String> unexpectedAnswers() {
        return List.copyOf(unexpected);
    }

    /** Stops starting new updates; the ones in flight are retried until answered (or the drain time ran out). */
    @Override
    public void close() throws InterruptedException {
        stoppedAt = System.nanoTime();
        running = false;
        for (Thread thread : threads) {
            thread.join(DRAIN.plusSeconds(30).toMillis());
        }
    }
}
