package io.telemetra.mqtt;

import io.telemetra.api.security.Role;
import io.telemetra.security.DevelopmentTokens;
import io.telemetra.security.HmacJwtDecoders;
import io.telemetra.security.TelemetraSecurityProperties;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.telemetra.mqtt.BrokerFixture.SECRET;
import static io.telemetra.mqtt.BrokerFixture.SERVICE_PASSWORD;
import static io.telemetra.mqtt.BrokerFixture.SERVICE_USERNAME;
import static io.telemetra.mqtt.BrokerFixture.TOKENS;
import static io.telemetra.mqtt.BrokerFixture.deviceToken;
import static org.assertj.core.api.Assertions.assertThat;

class DeviceAuthenticatorTest {

    private final DeviceAuthenticator authenticator = new DeviceAuthenticator(HmacJwtDecoders.create(TOKENS), TOKENS,
            SERVICE_USERNAME, SERVICE_PASSWORD);

    @Test
    void aDeviceConnectsWithItsOwnTokenAsItsOwnClient() {
        assertThat(authenticator.refusal("boiler-7", "boiler-7", bytes(deviceToken("boiler-7")))).isEmpty();
    }

    @Test
    void theServicePrincipalConnectsWithItsPasswordUnderClientIdsOfItsOwn() {
        assertThat(authenticator.refusal("telemetra-bridge", SERVICE_USERNAME, bytes(SERVICE_PASSWORD))).isEmpty();
        assertThat(authenticator.refusal("telemetra-bridge-2", SERVICE_USERNAME, bytes(SERVICE_PASSWORD))).isEmpty();
        assertThat(authenticator.refusal("boiler-7", SERVICE_USERNAME, bytes(SERVICE_PASSWORD)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("client ids"));
        assertThat(authenticator.refusal("telemetra-bridge", SERVICE_USERNAME, bytes("guess")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("wrong password"));
    }

    @Test
    void aTokenOfAnotherDeviceOrRoleOrAnExpiredOneIsRefused() {
        assertThat(authenticator.refusal("boiler-7", "boiler-7", bytes(deviceToken("boiler-8"))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("not a device token of device 'boiler-7'"));
        assertThat(authenticator.refusal("boiler-7", "boiler-7", bytes(BrokerFixture.token(Role.ADMIN))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("not a device token"));
        String expired = DevelopmentTokens.mint(SECRET, "boiler-7", List.of(Role.DEVICE), "boiler-7",
                Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));
        assertThat(authenticator.refusal("boiler-7", "boiler-7", bytes(expired)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("not a valid token"));
        String otherSecret = DevelopmentTokens.mint("another-secret-of-at-least-32-bytes-0123456789", "boiler-7",
                List.of(Role.DEVICE), "boiler-7", Instant.now(), Duration.ofHours(1));
        assertThat(authenticator.refusal("boiler-7", "boiler-7", bytes(otherSecret)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("not a valid token"));
    }

    @Test
    void theIssuerIsCheckedWhenTheServicesCheckIt() {
        TelemetraSecurityProperties.Jwt issuerBound = new TelemetraSecurityProperties.Jwt(SECRET, "someone-else", null,
                null, null);
        DeviceAuthenticator strict = new DeviceAuthenticator(HmacJwtDecoders.create(issuerBound), issuerBound,
                SERVICE_USERNAME, SERVICE_PASSWORD);

        assertThat(strict.refusal("boiler-7", "boiler-7", bytes(deviceToken("boiler-7"))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("not a valid token"));
    }

    @Test
    void aDeviceMayNotTakeAnotherClientIdNorAReservedUsername() {
        assertThat(authenticator.refusal("telemetra-bridge", "boiler-7", bytes(deviceToken("boiler-7"))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("client id must be its device id"));
        assertThat(authenticator.refusal("telemetra-bridge-9", "telemetra-bridge-9",
                bytes(deviceToken("telemetra-bridge-9"))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("reserved"));
        assertThat(authenticator.refusal("boiler-7", "boiler-7", null)).isPresent();
        assertThat(authenticator.refusal("boiler-7", null, bytes("x"))).isPresent();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
