package io.telemetra.stack;

/** The three services the stack runs, with their default ports and heap sizes. */
public enum Service {
    COMMAND("command-service", 8081, "768m"),
    QUERY("query-service", 8082, "384m"),
    PROJECTION("projection-service", 8083, "384m");

    private final String serviceName;
    private final int defaultPort;
    private final String maxHeap;

    Service(String serviceName, int defaultPort, String maxHeap) {
        this.serviceName = serviceName;
        this.defaultPort = defaultPort;
        this.maxHeap = maxHeap;
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

    String maxHeap() {
        return maxHeap;
    }
}
