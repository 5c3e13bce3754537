package io.telemetra.command.device;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RecentReadingIdsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final DeviceProperties.Deduplication BOUNDS =
            new DeviceProperties.Deduplication(3, Duration.ofMinutes(10));

    private final RecentReadingIds ids = new RecentReadingIds();

    @Test
    void keepsAtMostTheBoundNewestIds() {
        for (int i = 1; i <= 5; i++) {
            ids.remember("r-" + i, T0.plusSeconds(i), BOUNDS);
        }

        assertThat(ids.size()).isEqualTo(3);
        assertThat(ids.contains("r-2")).isFalse();
        assertThat(ids.contains("r-3")).isTrue();
        assertThat(ids.contains("r-5")).isTrue();
    }

    @Test
    void forgetsIdsReceivedLongerThanTheHorizonBeforeTheNewest() {
        ids.remember("r-1", T0, BOUNDS);
        ids.remember("r-2", T0.plus(Duration.ofMinutes(5)), BOUNDS);

        ids.remember("r-3", T0.plus(Duration.ofMinutes(10)).plusMillis(1), BOUNDS);

        assertThat(ids.contains("r-1")).isFalse();
        assertThat(ids.contains("r-2")).isTrue();
    }

    @Test
    void forgetsNothingWhileNoNewReadingArrives() {
        ids.remember("r-1", T0, BOUNDS);

        assertThat(ids.contains("r-1")).as("hours later, before anything else is recorded").isTrue();
    }

    @Test
    void survivesASnapshotAsJsonInItsOrder() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (int i = 1; i <= 3; i++) {
            ids.remember("r-" + i, T0.plusSeconds(i), BOUNDS);
        }

        RecentReadingIds restored = json.readValue(json.writeValueAsString(ids), RecentReadingIds.class);
        restored.remember("r-4", T0.plusSeconds(4), BOUNDS);

        assertThat(restored.contains("r-1")).as("the oldest is evicted first").isFalse();
        assertThat(restored.contains("r-2")).isTrue();
        assertThat(restored.contains("r-4")).isTrue();
    }
}
