package io.telemetra.command;

import io.telemetra.command.archive.ArchiveTrap;
import io.telemetra.command.escalation.WebhookReceiver;
import io.telemetra.command.eventstore.EventStoreReads;
import io.telemetra.command.mqtt.EmbeddedMqtt;
import io.telemetra.testsupport.EmbeddedInfrastructure;
import io.telemetra.testsupport.TestTokens;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole service over real PostgreSQL and Kafka. Every integration test extends this class unchanged, so they all
 * share one cached Spring context and one pair of embedded servers; each test uses its own device ids. Metrics are
 * exported as in production, so that the Prometheus endpoint can be tested. {@link EventStoreReads} watches what the
 * event store reads; escalations are POSTed to the {@link WebhookReceiver}; the MQTT bridge runs against an
 * {@link EmbeddedMqtt} broker; the archive (on, its schedule a day apart) writes under target/ and stops where an
 * {@link ArchiveTrap} is set. A request waits 2 s for a database
 * connection, so that those made while a test stops the database are answered quickly.
 * <p>
 * A device has {@value #ACK_TIMEOUT} to answer a command and as long to finish one it accepted: far beyond any stall
 * of a busy machine, so that no deadline fires while a test runs and the events a test sees are only those it caused.
 * A test that needs a deadline to fire runs in {@link FaultInjectionTestBase}, whose deadlines are seconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {TestTokens.SECRET_PROPERTY, "telemetra.responses.ack-timeout=" + IntegrationTestBase.ACK_TIMEOUT,
                "telemetra.responses.completion-timeout=" + IntegrationTestBase.ACK_TIMEOUT,
                "spring.datasource.hikari.connection-timeout=2000", "telemetra.mqtt.enabled=true",
                "logging.level.io.moquette=warn", "telemetra.archive.enabled=true",
                "telemetra.archive.directory=target/test-archive", "telemetra.archive.interval=24h"})
@AutoConfigureObservability(tracing = false)
@EmbeddedInfrastructure
@Import({EventStoreReads.class, WebhookReceiver.class, EmbeddedMqtt.class, ArchiveTrap.class})
public abstract class IntegrationTestBase extends CommandServiceTestBase {

    protected static final String ACK_TIMEOUT = "1h";
}
