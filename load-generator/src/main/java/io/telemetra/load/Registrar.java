package io.telemetra.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Registers the simulated devices; one that already exists (409) from an earlier run is reused as it is. */
final class Registrar {

    private static final int THREADS = 4;
    private static final List<String> SITES = List.of("site-north", "site-south", "site-east", "site-west");

    record Outcome(int created, int existing, List<String> failures) {
    }

    private Registrar() {
    }

    static Outcome register(PlatformClient client, List<String> deviceIds, String type, String namePrefix)
            throws InterruptedException {
        AtomicInteger created = new AtomicInteger();
        AtomicInteger existing = new AtomicInteger();
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
                String name = namePrefix + " " + (i + 1);
                String site = SITES.get(i % SITES.size());
                pending.add(pool.submit(() -> {
                    try {
                        PlatformClient.Response response = client.register(deviceId, type, name, site);
                        if (response.status() == 201) {
                            created.incrementAndGet();
                        } else if (response.status() == 409) {
                            existing.incrementAndGet();
                        } else {
                            failures.add(deviceId + ": " + response.reason() + " " + response.body().path("detail")
                                    .asText(""));
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
        return new Outcome(created.get(), existing.get(), List.copyOf(failures));
    }
}
