package io.telemetra.command.device.web;

import io.telemetra.api.device.GeoLocation;
import io.telemetra.api.device.RegisterDeviceCommand;
import io.telemetra.api.device.RegisterDeviceRequest;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.command.validation.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

import static java.util.stream.Collectors.toMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistrationValidatorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void aValidRequestBecomesARegistrationStampedWithTheRequestTime() {
        RegisterDeviceCommand command = RegistrationValidator.toCommand(new RegisterDeviceRequest(
                "pump-1", "pump", "Pump 1", "plant-a", new GeoLocation(-33.9, 151.2), Map.of("vendor", "acme")), NOW);

        assertThat(command).isEqualTo(new RegisterDeviceCommand(
                "pump-1", "pump", "Pump 1", "plant-a", new GeoLocation(-33.9, 151.2), Map.of("vendor", "acme"), NOW));
    }

    @Test
    void siteLocationAndMetadataAreOptional() {
        RegisterDeviceCommand command = RegistrationValidator.toCommand(
                new RegisterDeviceRequest("pump-1", "pump", "Pump 1", null, null, null), NOW);

        assertThat(command.site()).isNull();
        assertThat(command.location()).isNull();
        assertThat(command.metadata()).isEmpty();
    }

    @Test
    void aMissingDeviceIdIsRefused() {
        assertRefused(new RegisterDeviceRequest(null, "pump", "Pump 1", null, null, null), "deviceId");
    }

    @Test
    void aDeviceIdWithASlashIsRefused() {
        assertRefused(new RegisterDeviceRequest("plant/pump-1", "pump", "Pump 1", null, null, null), "deviceId");
    }

    @Test
    void aMissingTypeIsRefused() {
        assertRefused(new RegisterDeviceRequest("pump-1", null, "Pump 1", null, null, null), "type");
    }

    @Test
    void aBlankNameIsRefused() {
        assertRefused(new RegisterDeviceRequest("pump-1", "pump", "  ", null, null, null), "name");
    }

    @Test
    void aLatitudeOutOfRangeIsRefused() {
        assertRefused(new RegisterDeviceRequest("pump-1", "pump", "Pump 1", null, new GeoLocation(90.5, 0), null),
                "location.lat");
    }

    @Test
    void aLongitudeThatIsNotANumberIsRefused() {
        assertRefused(new RegisterDeviceRequest("pump-1", "pump", "Pump 1", null, new GeoLocation(0, Double.NaN), null),
                "location.lon");
    }

    @Test
    void aMetadataValueThatIsMissingIsRefusedNamingItsKey() {
        Map<String, String> metadata = new HashMap<>();
        metadata.put("vendor", null);
        assertRefused(new RegisterDeviceRequest("pump-1", "pump", "Pump 1", null, null, metadata), "metadata.vendor");
    }

    @Test
    void tooManyMetadataEntriesAreRefused() {
        Map<String, String> metadata = IntStream.rangeClosed(0, RegistrationValidator.MAX_METADATA_ENTRIES).boxed()
                .collect(toMap(i -> "key" + i, i -> "value"));
        assertRefused(new RegisterDeviceRequest("pump-1", "pump", "Pump 1", null, null, metadata), "metadata");
    }

    private static void assertRefused(RegisterDeviceRequest request, String field) {
        assertThatThrownBy(() -> RegistrationValidator.toCommand(request, NOW))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.field()).isEqualTo(field);
                });
    }
}
