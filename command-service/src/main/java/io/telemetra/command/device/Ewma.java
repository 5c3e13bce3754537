package io.telemetra.command.device;

/**
 * Exponentially weighted moving mean and variance of one metric's readings, the statistics of anomaly detection
 * (incremental form: diff = x - mean, incr = alpha * diff, mean += incr, var = (1 - alpha) * (var + diff * incr)).
 * The first reading seeds the mean with zero variance, so the mean does not start biased towards 0. Immutable, so
 * that the state it is part of compares by value.
 *
 * @param count readings that trained it
 */
record Ewma(long count, double mean, double variance) {

    static final Ewma UNTRAINED = new Ewma(0, 0, 0);

    /** How far a reading lies from the mean of the readings before it. */
    record Deviation(double zScore, double mean) {
    }

    /**
     * The deviation of a value from the readings so far, or null while fewer than {@code warmUp} readings trained the
     * statistics. Without any spread to measure against (every reading so far equal), the z-score is 0: any deviation
     * would otherwise be infinitely many standard deviations.
     */
    Deviation deviation(double value, int warmUp) {
        if (count < warmUp) {
            return null;
        }
        boolean spread = variance > 0 && Double.isFinite(variance);
        return new Deviation(spread ? Math.abs(value - mean) / Math.sqrt(variance) : 0, mean);
    }

    Ewma add(double value, double alpha) {
        if (count == 0) {
            return new Ewma(1, value, 0);
        }
        double diff = value - mean;
        double increment = alpha * diff;
        return new Ewma(count + 1, mean + increment, (1 - alpha) * (variance + diff * increment));
    }
}
