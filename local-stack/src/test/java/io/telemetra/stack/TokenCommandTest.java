package io.telemetra.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenCommandTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aTokenIsPrintedAloneOnItsLineWithTheRequestedRole() throws Exception {
        assertThat(run(Map.of(), "--role", "auditor", "--ttl", "30m")).isZero();

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(1);
        JsonNode claims = claims(lines[0]);
        assertThat(claims.get("roles").get(0).asText()).isEqualTo("auditor");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(1800);
        assertThat(Files.readString(home.resolve(StackConfig.JWT_SECRET_FILE)).trim()).hasSizeGreaterThan(32);
    }

    @Test
    void aDeviceTokenNamesItsDeviceAndDefaultsToTheDeviceRole() throws Exception {
        assertThat(run(Map.of(), "--device", "dev-1")).isZero();

        JsonNode claims = claims(out.toString(StandardCharsets.UTF_8).trim());
        assertThat(claims.get("device_id").asText()).isEqualTo("dev-1");
        assertThat(claims.get("sub").asText()).isEqualTo("dev-1");
        assertThat(claims.get("roles").get(0).asText()).isEqualTo("device");
    }

    @Test
    void theSecretFromTheEnvironmentWinsAndNoFileIsWritten() {
        assertThat(run(Map.of("TELEMETRA_JWT_SECRET", "an-environment-secret-of-enough-length-0123"))).isZero();

        assertThat(home.resolve(StackConfig.JWT_SECRET_FILE)).doesNotExist();
    }

    @Test
    void badOptionsAreRefusedWithUsage() {
        assertThat(run(Map.of(), "--role", "superuser")).isEqualTo(2);
        assertThat(run(Map.of(), "--role", "device")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown role").contains("needs --device");
        assertThat(out.size()).isZero();
    }

    @Test
    void lifetimesAreReadWithTheirUnit() {
        assertThat(TokenCommand.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(TokenCommand.duration("7d")).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> TokenCommand.duration("soon")).isInstanceOf(IllegalArgumentException.class);
    }

    private int run(Map<String, String> environment, String... args) {
        return TokenCommand.run(List.of(args), home, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static JsonNode claims(String token) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }
}
