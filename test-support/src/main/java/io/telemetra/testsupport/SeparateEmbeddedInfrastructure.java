package io.telemetra.testsupport;

import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * {@link EmbeddedInfrastructure} for a test class whose context differs from its module's shared one (other settings)
 * and runs in the same JVM. An embedded broker publishes its address as the system property
 * {@code spring.kafka.bootstrap-servers} unless told another name, and the shared context's test classes read that
 * property each time they are created ({@code @Value("${spring.kafka.bootstrap-servers}")}): this broker publishes it
 * as {@code spring.embedded.kafka.brokers} only, which only its own context reads, so the shared tests keep theirs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@EmbeddedKafka(kraft = true, partitions = 3,
        topics = {"telemetra.device-telemetry", "telemetra.device-telemetry.DLT",
                "telemetra.device-events", "telemetra.device-commands"},
        bootstrapServersProperty = "spring.embedded.kafka.brokers")
@TestPropertySource(properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@Import(EmbeddedPostgresConfiguration.class)
public @interface SeparateEmbeddedInfrastructure {
}
