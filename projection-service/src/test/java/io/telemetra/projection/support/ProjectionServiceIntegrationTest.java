package io.telemetra.projection.support;

import io.telemetra.testsupport.EmbeddedInfrastructure;
import io.telemetra.testsupport.TestTokens;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The one context every integration test of projection-service shares: the whole service over real servers. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = TestTokens.SECRET_PROPERTY)
@AutoConfigureObservability(tracing = false)
@EmbeddedInfrastructure
@ActiveProfiles("test")
@Import(DeviceEventsTopic.class)
public @interface ProjectionServiceIntegrationTest {
}
