package io.telemetra.command.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.GeoLocation;
import io.telemetra.api.kafka.EventEnvelope;
import io.telemetra.api.kafka.Topics;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.command.TopicFromStart;
import io.telemetra.command.WireJson;
import io.telemetra.testsupport.TestTokens;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events stored in an older revision are read, by the aggregate and by anyone else, in the current shape, and published
 * to Kafka in it.
 */
class UpcastingIT extends IntegrationTestBase {

    private static final Instant REGISTERED_AT = Instant.parse("2026-01-15T10:00:00Z");

    @Autowired
    private EventStore eventStore;

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Test
    void aRevision0RegistrationIsReadAsRevision1() {
        String deviceId = newDeviceId();
        storeRevision0Registration(deviceId);

        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(deviceId).asStream().toList();

        assertThat(events).hasSize(1);
        assertThat(events.get(0).getPayload()).isEqualTo(new DeviceRegisteredEvent(deviceId, "thermostat",
                "Pilot thermostat", null, new GeoLocation(52.52, 13.405), Map.of(), REGISTERED_AT));
    }

    @Test
    void aDeviceRegisteredInRevision0IsLoadedAndUpdatedWithItsUpcastAttributes() {
        String deviceId = newDeviceId();
        storeRevision0Registration(deviceId);

        assertThat(exchange(HttpMethod.PATCH, "/api/devices/" + deviceId, "{\"site\": \"plant-a\"}",
                TestTokens.operator()).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        JsonNode updated = json(jdbc.queryForObject("""
                select convert_from(payload, 'UTF8') from domain_event_entry
                where aggregate_identifier = ? and sequence_number = 1""", String.class, deviceId));
        assertThat(updated.path("name").asText()).isEqualTo("Pilot thermostat");
        assertThat(updated.path("site").asText()).isEqualTo("plant-a");
        assertThat(updated.path("location").path("lat").asDouble()).isEqualTo(52.52);
        assertThat(updated.path("location").path("lon").asDouble()).isEqualTo(13.405);
    }

    @Test
    void aRevision0RegistrationIsPublishedInTheCurrentShape() {
        String deviceId = newDeviceId();
        storeRevision0Registration(deviceId);

        EventEnvelope published = WireJson.read(
                TopicFromStart.valuesOf(bootstrapServers, Topics.DEVICE_EVENTS, deviceId, 1).get(0), EventEnvelope.class);

        assertThat(published.type()).isEqualTo("DeviceRegistered");
        assertThat(published.revision()).isEqualTo("1");
        assertThat(published.sequenceNumber()).isZero();
        assertThat(published.payload().path("name").asText()).isEqualTo("Pilot thermostat");
        assertThat(published.payload().path("location").path("lat").asDouble()).isEqualTo(52.52);
        assertThat(published.payload().path("location").path("lon").asDouble()).isEqualTo(13.405);
        assertThat(published.payload().path("metadata").isObject()).isTrue();
    }

    /** As the pilot stored it: no site, no metadata, the location as one "lat,lon" string. */
    private void storeRevision0Registration(String deviceId) {
        jdbc.update("""
                        insert into domain_event_entry (global_index, event_identifier, aggregate_identifier,
                            sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data)
                        values (nextval('domain_event_entry_seq'), ?, ?, 0, 'Device', ?,
                                'io.telemetra.api.device.DeviceRegisteredEvent', '0', convert_to(?, 'UTF8'),
                                convert_to('{}', 'UTF8'))""",
                UUID.randomUUID().toString(), deviceId, REGISTERED_AT.toString(), """
                        {"deviceId": "%s", "type": "thermostat", "name": "Pilot thermostat",
                         "location": "52.52,13.405", "registeredAt": "%s"}""".formatted(deviceId, REGISTERED_AT));
    }
}
