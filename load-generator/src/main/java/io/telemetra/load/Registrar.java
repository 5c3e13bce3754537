package io.telemetra.load;

import io.telemetra.api.device.ConfigureRulesRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registers the simulated devices (one that already exists (409) from an earlier run is reused as it is) and
 * configures their rules.
 */
final class Registrar {

    private static final int THREADS = 4;
    private static final List<String> SITES = List.of("site-north", "site-south", "site-east", "site-west");

    record Outcome(int created, int existing, List<String> failures) {
    }

    /** One device's requests; a failure it returns (or throws) is recorded under the device. */
    private interface Task {
        String run(String deviceId, int index) throws IOException, InterruptedException;
    }

    private Registrar() {
    }

    static Outcome register(PlatformClient client, List<String> deviceIds, String type, String namePrefix)
            throws InterruptedException {
        AtomicInteger created = new AtomicInteger();
        AtomicInteger existing = new AtomicInteger();
        List<String> failures = forEach(deviceIds, (deviceId, i) -> {
            PlatformClient.Response response = client.register(deviceId, type, namePrefix + " " + (i + 1),
                    SITES.get(i % SITES.size()));
            if (response.status() == 201) {
                created.incrementAndGet();
            } else if (response.status() == 409) {
                existing.incrementAndGet();
            } else {
                return failure(response);
            }
            return null;
        });
        return new Outcome(created.get(), existing.get(), failures);
    }

    /**
     * Replaces each device's rule set, after removing the one it had: a device reused from an earlier run would
     * otherwise keep that run's anomaly statistics (another set point, another swing) and judge this run's first
     * readings against them. Removing the rules also resolves the alerts an earlier run left open.
     *
     * @return the failures, one per device
     */
    static List<String> configureRules(PlatformClient client, Map<String, ConfigureRulesRequest> rules)
            throws InterruptedException {
        return forEach(List.copyOf(rules.keySet()), (deviceId, i) -> {
            PlatformClient.Response cleared = client.configureRules(deviceId, SimulatedRules.NONE);
            if (!cleared.ok()) {
                return failure(cleared);
            }
            PlatformClient.Response configured = client.configureRules(deviceId, rules.get(deviceId));
            return configured.ok() ? null : failure(configured);
        });
    }

    private static String failure(PlatformClient.Response response) {
        return response.reason() + " " + response.body().path("detail").asText("");
    }

    private static List<String> forEach(List<String> deviceIds, Task task) throws InterruptedException {
        List<String> failures = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread thread = new Thread(r, "register");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (int i = 0; i < deviceIds.size(); i++) {
                String deviceId = deviceIds.get(i);
                int index = i;
                pending.add(pool.submit(() -> {
                    try {
                        String failure = task.run(deviceId, index);
                        if (failure != null) {
                            failures.add(deviceId + ": " + failure);
                        }
                    } catch (IOException e) {
                        failures.add(deviceId + ": " + e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (Future<?> future : pending) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    failures.add(String.valueOf(e.getCause()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return List.copyOf(failures);
    }
}
