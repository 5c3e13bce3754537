package io.telemetra.command;

import io.telemetra.command.escalation.WebhookReceiver;
import io.telemetra.testsupport.Outages;
import io.telemetra.testsupport.ProxiedInfrastructure;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * The service over a PostgreSQL and a Kafka broker that a test can take away ({@link ProxiedInfrastructure}: each
 * behind a proxy the test cuts), with deadlines of seconds: the context, of its own, of the tests that make a send, a
 * command or a poll fail for real and of those that need a deadline to fall due. Every test class extending it shares
 * it. A device has {@value #ACK_TIMEOUT} to answer each of {@value #MAX_ATTEMPTS} deliveries of a command, and
 * {@value #COMPLETION_TIMEOUT} to finish one it accepted. Producer and pool timeouts are short, so that an outage
 * fails sends and transactions within seconds rather than after production's half minute.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {TestTokens.SECRET_PROPERTY,
                "telemetra.responses.ack-timeout=" + FaultInjectionTestBase.ACK_TIMEOUT,
                "telemetra.responses.max-attempts=" + FaultInjectionTestBase.MAX_ATTEMPTS,
                "telemetra.responses.completion-timeout=" + FaultInjectionTestBase.COMPLETION_TIMEOUT,
                "spring.kafka.producer.properties.request.timeout.ms=2000",
                "spring.kafka.producer.properties.delivery.timeout.ms=5000",
                "spring.kafka.producer.properties.max.block.ms=2000",
                "spring.datasource.hikari.connection-timeout=2000"})
@AutoConfigureObservability(tracing = false)
@ProxiedInfrastructure
@Import(WebhookReceiver.class)
public abstract class FaultInjectionTestBase extends CommandServiceTestBase {

    /** Long enough for a test to answer a delivery it waited for, even on a slow machine. */
    protected static final String ACK_TIMEOUT = "4s";
    protected static final String MAX_ATTEMPTS = "3";
    protected static final String COMPLETION_TIMEOUT = "2s";

    @Autowired
    protected Outages outages;

    /**
     * A test that failed while something was cut leaves the next one a working context: everything reachable again,
     * and the service's connection pool serving again.
     */
    @AfterEach
    void restoreEverything() {
        outages.restoreAll();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> jdbc.queryForObject("select 1", Integer.class) == 1);
    }
}
