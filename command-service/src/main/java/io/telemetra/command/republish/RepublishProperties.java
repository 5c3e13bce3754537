package io.telemetra.command.republish;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param pageSize    events sent before waiting for Kafka's acknowledgements of all of them; progress moves per page
 * @param logInterval how often a running job logs its progress
 */
@ConfigurationProperties("telemetra.republish")
public record RepublishProperties(
        @DefaultValue("500") int pageSize,
        @DefaultValue("5s") Duration logInterval) {

    public RepublishProperties {
        if (pageSize < 1 || logInterval.isNegative() || logInterval.isZero()) {
            throw new IllegalArgumentException("telemetra.republish.page-size and log-interval must be positive");
        }
    }
}
