package io.telemetra.command.device;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Checked against the definition, not against the update formula the class implements: after readings x1..xn the
 * exponentially weighted mean and variance are the plain weighted mean and variance of all the readings, with weight
 * (1 - alpha)^(n-1) on the first (it seeds the statistics) and alpha (1 - alpha)^(n-k) on the k-th after it.
 */
class EwmaTest {

    private static final double TOLERANCE = 1e-9;

    @Test
    void theFirstReadingSeedsTheMeanWithoutSpread() {
        assertThat(Ewma.UNTRAINED.add(10, 0.5)).isEqualTo(new Ewma(1, 10, 0));
    }

    /** Twenty readings of 10 then one of 20: weight 0.9 on the tens, 0.1 on the 20; mean 11, variance 9. */
    @Test
    void aStepMovesTheMeanByAlphaOfTheStepAndTheVarianceByWhatTheWeightsGive() {
        Ewma ewma = train(0.1, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 20);

        assertThat(ewma.count()).isEqualTo(21);
        assertThat(ewma.mean()).isCloseTo(11, within(TOLERANCE));
        assertThat(ewma.variance()).isCloseTo(9, within(TOLERANCE));
        // 14 lies one standard deviation (3) above the mean.
        assertThat(ewma.deviation(14, 21).zScore()).isCloseTo(1, within(TOLERANCE));
        assertThat(ewma.deviation(14, 21).mean()).isCloseTo(11, within(TOLERANCE));
    }

    @Test
    void afterEveryReadingMeanAndVarianceAreThoseOfAllReadingsUnderTheirWeights() {
        double alpha = 0.3;
        double[] readings = {21.5, 22.0, 19.75, 30.0, 18.25, 21.0, 21.0, 25.5, 12.0, 20.0};
        Ewma ewma = Ewma.UNTRAINED;
        for (int n = 1; n <= readings.length; n++) {
            ewma = ewma.add(readings[n - 1], alpha);
            double[] weights = weights(n, alpha);
            double mean = 0;
            for (int k = 0; k < n; k++) {
                mean += weights[k] * readings[k];
            }
            double variance = 0;
            for (int k = 0; k < n; k++) {
                variance += weights[k] * (readings[k] - mean) * (readings[k] - mean);
            }
            assertThat(ewma.count()).isEqualTo(n);
            assertThat(ewma.mean()).as("mean after %d readings", n).isCloseTo(mean, within(TOLERANCE));
            assertThat(ewma.variance()).as("variance after %d readings", n).isCloseTo(variance, within(TOLERANCE));
        }
    }

    @Test
    void thereIsNoDeviationUntilTheWarmUpIsOver() {
        Ewma two = train(0.5, 10, 12);

        assertThat(two.deviation(100, 3)).isNull();
        assertThat(two.deviation(100, 2)).isNotNull();
    }

    @Test
    void withoutSpreadEveryValueIsZeroStandardDeviationsAway() {
        Ewma constant = train(0.1, 7, 7, 7, 7, 7);

        assertThat(constant.deviation(1_000_000, 5).zScore()).isZero();
    }

    private static Ewma train(double alpha, double... readings) {
        Ewma ewma = Ewma.UNTRAINED;
        for (double reading : readings) {
            ewma = ewma.add(reading, alpha);
        }
        return ewma;
    }

    /** The weights of n readings, first to last: they sum to 1. */
    private static double[] weights(int n, double alpha) {
        double[] weights = new double[n];
        weights[0] = Math.pow(1 - alpha, n - 1);
        for (int k = 2; k <= n; k++) {
            weights[k - 1] = alpha * Math.pow(1 - alpha, n - k);
        }
        return weights;
    }
}
