package io.telemetra.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VisibilityTrackerTest {

    @Test
    void pollsEveryTenMillisecondsWhileFewDevicesArePending() {
        assertThat(VisibilityTracker.pollInterval(0)).isEqualTo(10);
        assertThat(VisibilityTracker.pollInterval(10)).isEqualTo(10);
        assertThat(VisibilityTracker.pollInterval(20)).isEqualTo(20);
    }

    @Test
    void pollsLessOftenAsMoreDevicesArePendingSoThatTheBenchCostsThePlatformLittle() {
        assertThat(VisibilityTracker.pollInterval(200)).isEqualTo(200);
        assertThat(VisibilityTracker.pollInterval(1000)).isEqualTo(1000);
    }
}
