package io.telemetra.command.scheduling;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How a deadline whose handler failed is tried again. A handler fails when what it has to do cannot be done now (the
 * database or a command's target is unavailable): its unit of work is rolled back, the deadline stays stored and fires
 * again after a back-off that grows from {@code retryInitial} to {@code retryMax}, with no limit on the number of tries.
 */
@ConfigurationProperties("telemetra.deadlines")
public record DeadlineProperties(
        @DefaultValue("5s") Duration retryInitial,
        @DefaultValue("5m") Duration retryMax) {

    public Backoff backoff() {
        return new Backoff(retryInitial, retryMax);
    }
}
