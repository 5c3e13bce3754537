package io.telemetra.load;

/** p50, p95 and p99 in milliseconds, of {@code count} samples. */
record Percentiles(long count, long p50, long p95, long p99) {

    static Percentiles ofMicros(LatencySamples micros) {
        return new Percentiles(micros.count(), millis(micros.percentile(50)), millis(micros.percentile(95)),
                millis(micros.percentile(99)));
    }

    private static long millis(long micros) {
        return micros < 0 ? -1 : Math.round(micros / 1000.0);
    }

    boolean empty() {
        return count == 0;
    }

    /** {@code 120 / 340 / 610 ms}, or {@code n/a}. */
    String describe() {
        return empty() ? "n/a" : p50 + " / " + p95 + " / " + p99 + " ms";
    }
}
