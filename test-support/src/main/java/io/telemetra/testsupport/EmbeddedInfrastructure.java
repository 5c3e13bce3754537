package io.telemetra.testsupport;

import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Real servers for a {@code @SpringBootTest}: an embedded PostgreSQL and an in-process KRaft Kafka broker with
 * Telemetra's topics, wired into {@code spring.datasource} and {@code spring.kafka.bootstrap-servers}. Every test
 * class with the same annotations shares one cached context, hence one pair of servers.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@EmbeddedKafka(kraft = true, partitions = 3,
        topics = {"telemetra.device-telemetry", "telemetra.device-telemetry.DLT",
                "telemetra.device-events", "telemetra.device-commands"},
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(EmbeddedPostgresConfiguration.class)
public @interface EmbeddedInfrastructure {
}
