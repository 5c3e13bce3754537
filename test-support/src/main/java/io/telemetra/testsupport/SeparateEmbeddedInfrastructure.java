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
 * and runs in the same JVM. The embedded broker publishes its address as a system property, which the shared context's
 * test classes read each time they are created ({@code @Value("${spring.kafka.bootstrap-servers}")}): this one
 * publishes it under the broker's default name, {@code spring.embedded.kafka.brokers}, and only its own context reads
 * it from there, so the shared context's tests keep their broker.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@EmbeddedKafka(kraft = true, partitions = 3,
        topics = {"telemetra.device-telemetry", "telemetra.device-telemetry.DLT",
                "telemetra.device-events", "telemetra.device-commands"})
@TestPropertySource(properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@Import(EmbeddedPostgresConfiguration.class)
public @interface SeparateEmbeddedInfrastructure {
}
