package io.telemetra.command.escalation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * The on-call webhook escalations are POSTed to.
 *
 * @param webhookUrl     http(s) URL, from the environment in production (it may carry a secret token); empty disables
 *                       the notifications, each escalation is then recorded SKIPPED
 * @param connectTimeout how long to wait for the connection
 * @param readTimeout    how long to wait for the answer once the request is sent
 * @param maxAttempts    POSTs in all, the first included, before the notification is recorded FAILED
 * @param retryInitial   wait before the second attempt, doubled for each further one up to {@code retryMax}
 */
@ConfigurationProperties("telemetra.escalation")
public record EscalationProperties(
        @DefaultValue("") String webhookUrl,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("10s") Duration retryInitial,
        @DefaultValue("10m") Duration retryMax) {

    public EscalationProperties {
        webhookUrl = webhookUrl == null ? "" : webhookUrl.strip();
        if (!webhookUrl.isEmpty()) {
            String scheme = URI.create(webhookUrl).getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("telemetra.escalation.webhook-url must be an http(s) URL");
            }
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("telemetra.escalation.max-attempts must be at least 1");
        }
    }

    public boolean enabled() {
        return !webhookUrl.isEmpty();
    }

    public URI webhookUri() {
        return URI.create(webhookUrl);
    }
}
