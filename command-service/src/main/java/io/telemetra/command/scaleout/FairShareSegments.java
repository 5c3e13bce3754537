package io.telemetra.command.scaleout;

import org.axonframework.eventhandling.pooled.MaxSegmentProvider;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How many segments of a pooled streaming processor this instance may claim: its fair share, the processor's segments
 * divided by the instances alive, rounded up. Axon's coordinator asks at every claim round (each
 * {@code token-claim-interval}): an instance holding more than its share (a new instance started) releases the surplus,
 * which the newcomer claims; when an instance dies, the share of the others grows, and they claim its segments once
 * its claims time out ({@code axon.eventhandling.tokenstore.claim-timeout}). Claims themselves stay Axon's: a segment
 * is processed by one instance at a time, whatever this count says.
 */
final class FairShareSegments implements MaxSegmentProvider {

    private final JdbcTemplate jdbc;
    private final LiveInstances instances;

    FairShareSegments(JdbcTemplate jdbc, LiveInstances instances) {
        this.jdbc = jdbc;
        this.instances = instances;
    }

    @Override
    public int getMaxSegments(String processingGroup) {
        Integer segments;
        try {
            segments = jdbc.queryForObject("select count(*) from token_entry where processor_name = ?", Integer.class,
                    processingGroup);
        } catch (RuntimeException e) {
            return Short.MAX_VALUE; // the claims that follow fail the same way and are retried
        }
        if (segments == null || segments == 0) {
            return Short.MAX_VALUE; // not initialised yet: the first instance creates and claims them
        }
        return Math.max(1, (segments + instances.count() - 1) / instances.count());
    }
}
