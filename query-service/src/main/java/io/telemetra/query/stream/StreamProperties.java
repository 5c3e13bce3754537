package io.telemetra.query.stream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The live stream under {@code telemetra.stream.}.
 *
 * @param heartbeat     interval of the comment lines that keep idle connections open through proxies and reveal
 *                      clients that went away
 * @param clientBuffer  messages waiting for one client at most; a client that falls further behind is disconnected
 *                      rather than buffered without bound (EventSource reconnects by itself)
 * @param maxClients    concurrent streams one instance serves; more are refused with 503
 * @param maxDuration   a stream is closed after this and the client reconnects, presenting a token still valid
 * @param senderThreads threads writing to clients; a client whose socket is full holds one until its write times out
 */
@ConfigurationProperties("telemetra.stream")
public record StreamProperties(@DefaultValue("15s") Duration heartbeat,
                               @DefaultValue("256") int clientBuffer,
                               @DefaultValue("500") int maxClients,
                               @DefaultValue("30m") Duration maxDuration,
                               @DefaultValue("4") int senderThreads) {

    public StreamProperties {
        if (clientBuffer < 1 || maxClients < 1 || senderThreads < 1 || heartbeat.isNegative() || heartbeat.isZero()
                || maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("telemetra.stream: every setting must be positive");
        }
    }
}
