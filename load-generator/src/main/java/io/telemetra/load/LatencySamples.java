package io.telemetra.load;

import java.util.Arrays;

/**
 * Every recorded latency, kept exactly (a benchmark records at most a few hundred thousand), with nearest-rank
 * percentiles: the p-th percentile is the smallest sample that at least p % of the samples do not exceed.
 */
final class LatencySamples {

    private long[] values = new long[1024];
    private int size;

    synchronized void record(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    synchronized int count() {
        return size;
    }

    /** @param percent in (0, 100]; @return the percentile, or -1 without samples */
    long percentile(double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("a percentile is in (0, 100], not " + percent);
        }
        long[] sorted;
        synchronized (this) {
            sorted = Arrays.copyOf(values, size);
        }
        if (sorted.length == 0) {
            return -1;
        }
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
