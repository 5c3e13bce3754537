package io.telemetra.command.device;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EwmaTest {

    @Test
    void theFirstReadingSeedsTheMeanWithoutSpread() {
        assertThat(Ewma.UNTRAINED.add(10, 0.5)).isEqualTo(new Ewma(1, 10, 0));
    }

    /** diff = x - mean; incr = alpha * diff; mean += incr; var = (1 - alpha) * (var + diff * incr). */
    @Test
    void laterReadingsMoveMeanAndVarianceByTheIncrementalFormula() {
        Ewma two = Ewma.UNTRAINED.add(10, 0.5).add(12, 0.5);
        assertThat(two).isEqualTo(new Ewma(2, 11, 1));

        assertThat(two.add(10, 0.5)).isEqualTo(new Ewma(3, 10.5, 0.75));
    }

    @Test
    void thereIsNoDeviationUntilTheWarmUpIsOver() {
        Ewma two = Ewma.UNTRAINED.add(10, 0.5).add(12, 0.5);

        assertThat(two.deviation(100, 3)).isNull();
        Ewma.Deviation deviation = two.add(10, 0.5).deviation(12, 3);
        assertThat(deviation.mean()).isEqualTo(10.5);
        assertThat(deviation.zScore()).isCloseTo(1.5 / Math.sqrt(0.75), within(1e-12));
    }

    @Test
    void withoutSpreadEveryValueIsZeroStandardDeviationsAway() {
        Ewma constant = Ewma.UNTRAINED;
        for (int i = 0; i < 5; i++) {
            constant = constant.add(7, 0.1);
        }

        assertThat(constant.deviation(1_000_000, 5).zScore()).isZero();
    }
}
