package io.telemetra.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencySamplesTest {

    @Test
    void percentilesAreNearestRankOverEverySample() {
        LatencySamples samples = new LatencySamples();
        for (long v = 100; v >= 1; v--) {
            samples.record(v);
        }

        assertThat(samples.count()).isEqualTo(100);
        assertThat(samples.percentile(50)).isEqualTo(50);
        assertThat(samples.percentile(95)).isEqualTo(95);
        assertThat(samples.percentile(99)).isEqualTo(99);
        assertThat(samples.percentile(100)).isEqualTo(100);
        assertThat(samples.percentile(0.1)).isEqualTo(1);
    }

    @Test
    void aFewSamplesRoundTheRankUp() {
        LatencySamples samples = new LatencySamples();
        samples.record(10);
        samples.record(20);
        samples.record(30);

        // ceil(0.5 * 3) = 2nd, ceil(0.99 * 3) = 3rd
        assertThat(samples.percentile(50)).isEqualTo(20);
        assertThat(samples.percentile(99)).isEqualTo(30);
    }

    @Test
    void oneSlowSampleInAHundredIsTheP100NotTheP99() {
        LatencySamples samples = new LatencySamples();
        for (int i = 0; i < 99; i++) {
            samples.record(5);
        }
        samples.record(5_000);

        assertThat(samples.percentile(99)).isEqualTo(5);
        assertThat(samples.percentile(100)).isEqualTo(5_000);
    }

    @Test
    void growsBeyondItsInitialCapacity() {
        LatencySamples samples = new LatencySamples();
        for (int i = 1; i <= 10_000; i++) {
            samples.record(i);
        }

        assertThat(samples.count()).isEqualTo(10_000);
        assertThat(samples.percentile(99)).isEqualTo(9_900);
    }

    @Test
    void withoutSamplesThereIsNoPercentile() {
        assertThat(new LatencySamples().percentile(99)).isEqualTo(-1);
        assertThat(Percentiles.ofMicros(new LatencySamples()).describe()).isEqualTo("n/a");
    }

    @Test
    void refusesAPercentileOutsideTheRange() {
        LatencySamples samples = new LatencySamples();
        assertThatThrownBy(() -> samples.percentile(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> samples.percentile(101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void percentilesInMillisecondsAreRoundedFromMicroseconds() {
        LatencySamples micros = new LatencySamples();
        micros.record(1_499);
        micros.record(2_500);

        Percentiles percentiles = Percentiles.ofMicros(micros);

        assertThat(percentiles.p50()).isEqualTo(1);
        assertThat(percentiles.p99()).isEqualTo(3);
        assertThat(percentiles.describe()).isEqualTo("1 / 3 / 3 ms");
    }
}
