package io.telemetra.projection.kafka;

import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionLagTrackerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("telemetra.device-events", 0);
    private static final TopicPartition P1 = new TopicPartition("telemetra.device-events", 1);
    private static final Duration STUCK_AFTER = Duration.ofMinutes(2);

    private final PartitionLagTracker tracker = new PartitionLagTracker(T0);

    @Test
    void aProjectionThatKeepsUpIsHealthy() {
        tracker.record(Map.of(P0, offsets(10, 10), P1, offsets(5, 7)), T0);
        tracker.record(Map.of(P0, offsets(10, 10), P1, offsets(7, 9)), T0.plus(STUCK_AFTER));

        PartitionLagTracker.Assessment assessment = tracker.assess(T0.plus(STUCK_AFTER), 100, STUCK_AFTER);

        assertThat(assessment.healthy()).isTrue();
        assertThat(assessment.details().get("partitions")).isEqualTo(Map.of(
                "telemetra.device-events-0", Map.of("lag", 0L, "committed", 10L, "end", 10L),
                "telemetra.device-events-1", Map.of("lag", 2L, "committed", 7L, "end", 9L)));
    }

    @Test
    void aLagAboveTheBoundIsUnhealthyEvenWhileAdvancing() {
        tracker.record(Map.of(P0, offsets(0, 101)), T0);

        PartitionLagTracker.Assessment assessment = tracker.assess(T0, 100, STUCK_AFTER);

        assertThat(assessment.healthy()).isFalse();
        assertThat(problems(assessment)).containsExactly(
                "telemetra.device-events-0 lags by 101 records, more than 100");
        assertThat(tracker.assess(T0, 101, STUCK_AFTER).healthy()).isTrue();
    }

    @Test
    void aPartitionWithRecordsWaitingThatStopsAdvancingIsStuckAfterTheBound() {
        tracker.record(Map.of(P0, offsets(3, 4)), T0);
        tracker.record(Map.of(P0, offsets(3, 6)), T0.plusSeconds(60));
        assertThat(tracker.assess(T0.plusSeconds(119), 100, STUCK_AFTER).healthy()).isTrue();

        tracker.record(Map.of(P0, offsets(3, 6)), T0.plusSeconds(120));
        PartitionLagTracker.Assessment stuck = tracker.assess(T0.plusSeconds(120), 100, STUCK_AFTER);

        assertThat(stuck.healthy()).isFalse();
        assertThat(problems(stuck)).containsExactly("telemetra.device-events-0 has not advanced since " + T0
                + " with 3 records to apply");

        tracker.record(Map.of(P0, offsets(4, 6)), T0.plusSeconds(125));
        assertThat(tracker.assess(T0.plusSeconds(125), 100, STUCK_AFTER).healthy()).as("advanced again").isTrue();
    }

    @Test
    void anIdlePartitionIsNeverStuck() {
        tracker.record(Map.of(P0, offsets(8, 8)), T0);
        tracker.record(Map.of(P0, offsets(8, 8)), T0.plus(Duration.ofHours(1)));

        assertThat(tracker.assess(T0.plus(Duration.ofHours(1)), 0, STUCK_AFTER).healthy()).isTrue();
    }

    @Test
    void aNewlyAssignedPartitionStartsItsClockAtAssignment() {
        tracker.record(Map.of(P0, offsets(0, 0)), T0);
        tracker.record(Map.of(P1, offsets(2, 9)), T0.plus(Duration.ofHours(1)));

        PartitionLagTracker.Assessment assessment = tracker.assess(T0.plus(Duration.ofHours(1)).plusSeconds(1), 100,
                STUCK_AFTER);

        assertThat(assessment.healthy()).isTrue();
        assertThat(assessment.details().get("partitions")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsOnlyKeys("telemetra.device-events-1");
    }

    @Test
    void aLagThatCannotBeMeasuredForTheBoundIsUnhealthy() {
        tracker.record(Map.of(P0, offsets(1, 1)), T0);

        assertThat(tracker.assess(T0.plus(STUCK_AFTER).minusMillis(1), 100, STUCK_AFTER).healthy()).isTrue();
        PartitionLagTracker.Assessment unmeasured = tracker.assess(T0.plus(STUCK_AFTER), 100, STUCK_AFTER);
        assertThat(unmeasured.healthy()).isFalse();
        assertThat(problems(unmeasured)).containsExactly("lag not measured since " + T0);
    }

    private static PartitionLagTracker.Offsets offsets(long committed, long end) {
        return new PartitionLagTracker.Offsets(committed, end);
    }

    @SuppressWarnings("unchecked")
    private static List<String> problems(PartitionLagTracker.Assessment assessment) {
        return (List<String>) assessment.details().get("problems");
    }
}
