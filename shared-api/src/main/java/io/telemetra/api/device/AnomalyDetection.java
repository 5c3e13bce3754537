package io.telemetra.api.device;

/**
 * Anomaly detection on one metric: an exponentially weighted moving mean and variance of the device's own readings; a
 * reading more than {@code zScore} standard deviations from the mean is anomalous. The first {@code warmUp} readings
 * only train the statistics.
 *
 * @param zScore bound on |value - mean| / stddev, greater than 0
 * @param alpha  weight of the newest reading, in (0, 1]
 * @param warmUp readings that train before any can be anomalous, at least 2
 */
public record AnomalyDetection(double zScore, double alpha, int warmUp) {

    public static final double DEFAULT_Z_SCORE = 3.0;
    public static final double DEFAULT_ALPHA = 0.1;
    public static final int DEFAULT_WARM_UP = 30;
}
