package io.telemetra.query.actions;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * Where the fleet page's actions go: command-service, behind this service's own origin.
 *
 * @param url            command-service's base URL
 * @param connectTimeout how long to wait for a connection before answering 503
 * @param readTimeout    how long to wait for command-service's answer (it answers once the command is stored)
 */
@ConfigurationProperties("telemetra.command-service")
public record CommandServiceProperties(@DefaultValue("http://localhost:8081") URI url,
                                       @DefaultValue("2s") Duration connectTimeout,
                                       @DefaultValue("30s") Duration readTimeout) {
}
