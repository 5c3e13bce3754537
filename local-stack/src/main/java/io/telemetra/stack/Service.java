package io.telemetra.stack;

/** The three services the stack runs, with their default ports and heap sizes. */
public enum Service {
    /**
     * A fixed heap and G1: with the serial collector the old generation filled under load (events read back for the
     * processors and the relay live a second or two and were promoted) and each full collection stopped ingestion for
     * 0.5-0.8 s, the half-load window's p99 (docs/performance.md). The other two keep the serial collector: small
     * heaps, few cores.
     */
    COMMAND("command-service", 8081, "1536m", "1536m", "-XX:+UseG1GC"),
    QUERY("query-service", 8082, "64m", "384m", "-XX:+UseSerialGC"),
    /**
     * The whole (small) heap from the start: grown from 64 MB, its young generation stayed at ~25 MB, collected twice a
     * second under load, and each poll's records outlived it into an old generation of ~60 MB whose full collections
     * (~0.4 s each) stopped the projection, the half-load window's p99 (docs/performance.md).
     */
    PROJECTION("projection-service", 8083, "384m", "384m", "-XX:+UseSerialGC");

    private final String serviceName;
    private final int defaultPort;
    private final String initialHeap;
    private final String maxHeap;
    private final String collector;

    Service(String serviceName, int defaultPort, String initialHeap, String maxHeap, String collector) {
        this.serviceName = serviceName;
        this.defaultPort = defaultPort;
        this.initialHeap = initialHeap;
        this.maxHeap = maxHeap;
        this.collector = collector;
    }

    /** The module, jar and log name, e.g. {@code command-service}. */
    public String serviceName() {
        return serviceName;
    }

    /** The flag prefix, e.g. {@code command} for {@code --command-port}. */
    public String shortName() {
        return serviceName.substring(0, serviceName.indexOf('-'));
    }

    public int defaultPort() {
        return defaultPort;
    }

    String initialHeap() {
        return initialHeap;
    }

    String maxHeap() {
        return maxHeap;
    }

    String collector() {
        return collector;
    }
}
