package io.telemetra.projection.kafka;

import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the projection still has to apply on each partition this instance owns, and since when it has not advanced.
 * Pure: fed with offsets and the time they were measured at, so the judgement is testable without a broker.
 */
final class PartitionLagTracker {

    /**
     * @param committed where the group resumes: every record before it is applied
     * @param end       the end of the partition as a read-committed consumer sees it
     */
    record Offsets(long committed, long end) {

        long lag() {
            return Math.max(0, end - committed);
        }
    }

    /** @param lastProgress when the committed offset last moved, or the partition was last caught up */
    record PartitionState(Offsets offsets, Instant lastProgress) {
    }

    record Assessment(boolean healthy, Map<String, Object> details) {
    }

    private Map<TopicPartition, PartitionState> states = Map.of();
    private Instant measuredAt;

    PartitionLagTracker(Instant startedAt) {
        this.measuredAt = startedAt;
    }

    /** Records a measurement of the partitions assigned now; partitions no longer assigned are forgotten. */
    synchronized void record(Map<TopicPartition, Offsets> offsets, Instant now) {
        Map<TopicPartition, PartitionState> next = new LinkedHashMap<>();
        offsets.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::toString)))
                .forEach(entry -> {
                    PartitionState previous = states.get(entry.getKey());
                    Offsets current = entry.getValue();
                    boolean advanced = previous == null || previous.offsets().committed() != current.committed()
                            || current.lag() == 0;
                    next.put(entry.getKey(), new PartitionState(current, advanced ? now : previous.lastProgress()));
                });
        states = Map.copyOf(next);
        measuredAt = now;
    }

    synchronized Map<TopicPartition, PartitionState> states() {
        return states;
    }

    /**
     * Unhealthy when a partition lags by more than {@code maxLag} records, when one with a lag has not advanced for
     * {@code stuckAfter}, or when the lag could not be measured for {@code stuckAfter} (the broker is unreachable).
     */
    synchronized Assessment assess(Instant now, long maxLag, Duration stuckAfter) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> partitions = new LinkedHashMap<>();
        if (Duration.between(measuredAt, now).compareTo(stuckAfter) >= 0) {
            problems.add("lag not measured since " + measuredAt);
        }
        states.forEach((partition, state) -> {
            long lag = state.offsets().lag();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("lag", lag);
            detail.put("committed", state.offsets().committed());
            detail.put("end", state.offsets().end());
            partitions.put(partition.toString(), detail);
            if (lag > maxLag) {
                problems.add(partition + " lags by " + lag + " records, more than " + maxLag);
            }
            if (lag > 0 && Duration.between(state.lastProgress(), now).compareTo(stuckAfter) >= 0) {
                detail.put("stalledSince", state.lastProgress().toString());
                problems.add(partition + " has not advanced since " + state.lastProgress() + " with " + lag
                        + " records to apply");
            }
        });
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("maxLag", maxLag);
        details.put("stuckAfter", stuckAfter.toString());
        details.put("measuredAt", measuredAt.toString());
        details.put("partitions", partitions);
        if (!problems.isEmpty()) {
            details.put("problems", problems);
        }
        return new Assessment(problems.isEmpty(), details);
    }
}
