package io.telemetra.command.device.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.device.DeviceAttribute;
import io.telemetra.api.device.GeoLocation;
import io.telemetra.api.device.UpdateDeviceCommand;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.command.validation.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpdateValidatorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void givenAttributesAreChangedAndAbsentOnesLeftAsTheyAre() throws Exception {
        UpdateDeviceCommand command = update("""
                {"name": "Pump 1b", "location": {"lat": 1.5, "lon": 2.5}, "metadata": {"vendor": "acme"}}""");

        assertThat(command).isEqualTo(new UpdateDeviceCommand("pump-1", "Pump 1b", null, new GeoLocation(1.5, 2.5),
                Map.of("vendor", "acme"), Set.of(), NOW));
    }

    @Test
    void nullRemovesAnOptionalAttribute() throws Exception {
        UpdateDeviceCommand command = update("""
                {"site": null, "location": null, "metadata": null}""");

        assertThat(command.removed())
                .containsExactlyInAnyOrder(DeviceAttribute.SITE, DeviceAttribute.LOCATION, DeviceAttribute.METADATA);
    }

    @Test
    void anEmptyPatchChangesNothing() throws Exception {
        assertThat(update("{}")).isEqualTo(new UpdateDeviceCommand("pump-1", null, null, null, null, Set.of(), NOW));
    }

    @Test
    void theNameCannotBeRemoved() {
        assertRefused("""
                {"name": null}""", ErrorCode.VALIDATION_FAILED, "name");
    }

    @Test
    void anAttributeThatCannotBeUpdatedIsRefusedByName() {
        assertRefused("""
                {"type": "pump"}""", ErrorCode.VALIDATION_FAILED, "type");
    }

    @Test
    void aLatitudeOutOfRangeIsRefused() {
        assertRefused("""
                {"location": {"lat": 91, "lon": 0}}""", ErrorCode.VALIDATION_FAILED, "location.lat");
    }

    @Test
    void aLocationOfTheWrongTypeIsMalformed() {
        assertRefused("""
                {"location": {"lat": "north", "lon": 0}}""", ErrorCode.MALFORMED_REQUEST, "location.lat");
    }

    @Test
    void aBodyThatIsNotAnObjectIsMalformed() {
        assertRefused("[]", ErrorCode.MALFORMED_REQUEST, null);
    }

    private static UpdateDeviceCommand update(String json) throws Exception {
        return UpdateValidator.toCommand("pump-1", JSON.readTree(json), JSON, NOW);
    }

    private static void assertRefused(String json, ErrorCode code, String field) {
        assertThatThrownBy(() -> update(json)).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(field);
        });
    }
}
