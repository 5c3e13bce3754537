package io.telemetra.command.archive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Archival of reading events (see {@link Archiver}).
 *
 * @param enabled     whether reading events are archived at all: by the schedule and by {@code POST /api/admin/archive}
 * @param directory   the archive store: a local directory (on durable storage: the events that leave the event
 *                    store live only here)
 * @param horizon     reading events stored longer ago than this are archived, whole UTC days at a time; lifecycle,
 *                    rule, alert and command events are never archived
 * @param interval    how often the schedule runs the archive (one instance of the cluster at a time)
 * @param lockTimeout how long dropping a partition waits for its lock before it is tried again at the next run
 * @param logInterval how often a running archive logs its progress
 */
@ConfigurationProperties("telemetra.archive")
public record ArchiveProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("archive") Path directory,
        @DefaultValue("30d") Duration horizon,
        @DefaultValue("1h") Duration interval,
        @DefaultValue("5s") Duration lockTimeout,
        @DefaultValue("5s") Duration logInterval) {

    public ArchiveProperties {
        if (horizon.compareTo(Duration.ofDays(1)) < 0 || !positive(interval) || !positive(lockTimeout)
                || !positive(logInterval)) {
            throw new IllegalArgumentException("telemetra.archive: the horizon must be at least a day, the other"
                    + " durations positive");
        }
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
