package io.telemetra.command.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxRequestSize the largest request body accepted; a batch of {@code telemetra.ingestion.max-batch-size}
 *                       readings must fit (about 350 bytes each at most)
 */
@ConfigurationProperties("telemetra.web")
public record RequestLimits(@DefaultValue("1MB") DataSize maxRequestSize) {

    public RequestLimits {
        if (maxRequestSize.toBytes() < 1) {
            throw new IllegalArgumentException("telemetra.web.max-request-size must be positive");
        }
    }
}
