package io.telemetra.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A service that could not tell a valid token from a forged one does not start. */
class StartupTest {

    @Test
    void withoutAnIdentityProviderOrASecretTheServiceRefusesToStart() {
        assertThatThrownBy(() -> start("--server.port=0"))
                .hasStackTraceContaining("No token validation configured: set TELEMETRA_JWT_SECRET");
    }

    @Test
    void aSecretTooShortToResistGuessingIsRefusedAtStart() {
        assertThatThrownBy(() -> start("--server.port=0", "--telemetra.security.jwt.secret=short-secret"))
                .hasStackTraceContaining("TELEMETRA_JWT_SECRET is shorter than 32 bytes");
    }

    @Test
    void withASecretOfEnoughBytesItStarts() {
        try (ConfigurableApplicationContext context = start("--server.port=0", "--telemetra.security.jwt.secret=" + ResourceServerTest.SECRET)) {
            assertThat(context.isRunning()).isTrue();
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(ResourceServerTest.App.class).run(args);
    }
}
