package io.telemetra.command.scheduling;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(1));

    @Test
    void theDelayDoublesWithEachConsecutiveFailureUpToTheCeiling() {
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofSeconds(40));
        assertThat(backoff.delayAfter(5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(backoff.delayAfter(1_000)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aCeilingBelowTheFirstDelayIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
