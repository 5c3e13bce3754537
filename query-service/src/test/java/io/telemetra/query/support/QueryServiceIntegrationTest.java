package io.telemetra.query.support;

import io.telemetra.testsupport.EmbeddedInfrastructure;
import io.telemetra.testsupport.TestTokens;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one context every integration test of query-service shares: the service over embedded PostgreSQL and Kafka, its
 * forwarded actions going to a {@link CommandServiceDouble}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.SECRET_PROPERTY)
@AutoConfigureObservability(tracing = false)
@EmbeddedInfrastructure
@Import({ReadModelRows.class, Api.class, DeviceEventsPublisher.class})
@ActiveProfiles("test")
@ContextConfiguration(initializers = CommandServiceDouble.Initializer.class)
public @interface QueryServiceIntegrationTest {
}
