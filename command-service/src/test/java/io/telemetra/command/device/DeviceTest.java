package io.telemetra.command.device;

import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.GeoLocation;
import io.telemetra.api.device.RegisterDeviceCommand;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.api.telemetry.RecordReadingsCommand;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

class DeviceTest {

    private static final String DEVICE = "boiler-7";
    private static final Instant REGISTERED_AT = Instant.parse("2026-01-01T08:00:00Z");
    private static final Instant RECEIVED_AT = Instant.parse("2026-01-01T09:00:00Z");
    private static final Reading TEMPERATURE =
            new Reading("r-1", "temperature", 71.5, "Cel", Instant.parse("2026-01-01T08:59:58Z"));
    private static final Reading PRESSURE =
            new Reading("r-2", "pressure", 2.1, "bar", Instant.parse("2026-01-01T08:59:59Z"));

    private AggregateTestFixture<Device> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Device.class);
    }

    @Test
    void registeringADeviceRecordsItsRegistrationAtTheRequestedTime() {
        fixture.givenNoPriorActivity()
                .when(new RegisterDeviceCommand(DEVICE, "boiler", "Boiler 7", "plant-a", new GeoLocation(52.1, 5.2),
                        Map.of("vendor", "acme"), REGISTERED_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new DeviceRegisteredEvent(DEVICE, "boiler", "Boiler 7", "plant-a",
                        new GeoLocation(52.1, 5.2), Map.of("vendor", "acme"), REGISTERED_AT));
    }

    /**
     * The fixture's in-memory store refuses the second stream with its own sequence check; on PostgreSQL the unique
     * key does, as an AggregateStreamCreationException (see DeviceRegistrationIT).
     */
    @Test
    void registeringAnAlreadyRegisteredDeviceIsRefusedByTheEventStore() {
        fixture.given(registered())
                .when(new RegisterDeviceCommand(DEVICE, "boiler", "Boiler 7", null, null, null, RECEIVED_AT))
                .expectNoEvents()
                .expectException(EventStoreException.class);
    }

    @Test
    void theFirstReadingsOfADeviceBringItOnlineBeforeTheyAreRecorded() {
        fixture.given(registered())
                .when(new RecordReadingsCommand(DEVICE, List.of(TEMPERATURE, PRESSURE), RECEIVED_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new DeviceCameOnlineEvent(DEVICE, RECEIVED_AT),
                        recorded(TEMPERATURE),
                        recorded(PRESSURE));
    }

    @Test
    void readingsOfAnOnlineDeviceAreRecordedOneEventEach() {
        fixture.given(registered(), new DeviceCameOnlineEvent(DEVICE, RECEIVED_AT.minusSeconds(60)))
                .when(new RecordReadingsCommand(DEVICE, List.of(TEMPERATURE, PRESSURE), RECEIVED_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(recorded(TEMPERATURE), recorded(PRESSURE));
    }

    @Test
    void anEmptyBatchChangesNothing() {
        fixture.given(registered())
                .when(new RecordReadingsCommand(DEVICE, List.of(), RECEIVED_AT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void readingsOfAnUnregisteredDeviceAreRefused() {
        fixture.givenNoPriorActivity()
                .when(new RecordReadingsCommand(DEVICE, List.of(TEMPERATURE), RECEIVED_AT))
                .expectNoEvents()
                .expectException(AggregateNotFoundException.class);
    }

    private static DeviceRegisteredEvent registered() {
        return new DeviceRegisteredEvent(DEVICE, "boiler", "Boiler 7", null, null, Map.of(), REGISTERED_AT);
    }

    private static ReadingRecordedEvent recorded(Reading reading) {
        return new ReadingRecordedEvent(DEVICE, reading.readingId(), reading.metric(), reading.value(),
                reading.unit(), reading.timestamp(), RECEIVED_AT);
    }
}
