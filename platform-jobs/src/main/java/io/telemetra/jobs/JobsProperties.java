package io.telemetra.jobs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param schema            where the job table lives: a schema the service owns and that no rebuild replaces
 * @param heartbeatInterval how often the instance running a job records its progress
 * @param deadAfter         a running job not recorded for this long lost its instance: it is reported FAILED and
 *                          another job of its kind may start
 */
@ConfigurationProperties("telemetra.jobs")
public record JobsProperties(
        String schema,
        @DefaultValue("2s") Duration heartbeatInterval,
        @DefaultValue("20s") Duration deadAfter) {
}
