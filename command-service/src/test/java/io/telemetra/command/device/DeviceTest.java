package io.telemetra.command.device;

import io.telemetra.api.device.ConfigureDeviceRulesCommand;
import io.telemetra.api.device.DecommissionDeviceCommand;
import io.telemetra.api.device.DeviceAttribute;
import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.device.DeviceDecommissionedEvent;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.DeviceRulesConfiguredEvent;
import io.telemetra.api.device.DeviceUpdatedEvent;
import io.telemetra.api.device.DeviceWentOfflineEvent;
import io.telemetra.api.device.GeoLocation;
import io.telemetra.api.device.RegisterDeviceCommand;
import io.telemetra.api.device.Severity;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.device.UpdateDeviceCommand;
import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.api.telemetry.ReadingOutcome;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.api.telemetry.RecordReadingsCommand;
import io.telemetra.api.telemetry.RecordReadingsResult;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.telemetra.api.telemetry.ReadingOutcome.CONFLICT;
import static io.telemetra.api.telemetry.ReadingOutcome.DUPLICATE;
import static io.telemetra.api.telemetry.ReadingOutcome.RECORDED;

class DeviceTest {

    private static final String DEVICE = "boiler-7";
    private static final Instant REGISTERED_AT = Instant.parse("2026-01-01T08:00:00Z");
    private static final Instant RECEIVED_AT = Instant.parse("2026-01-01T09:00:00Z");
    private static final GeoLocation BERLIN = new GeoLocation(52.52, 13.405);
    private static final Reading TEMPERATURE =
            new Reading("r-1", "temperature", 71.5, "Cel", Instant.parse("2026-01-01T08:59:58Z"));
    private static final Reading PRESSURE =
            new Reading("r-2", "pressure", 2.1, "bar", Instant.parse("2026-01-01T08:59:59Z"));
    private static final List<ThresholdRule> RULES = List.of(
            new ThresholdRule("temperature", 10.0, 80.0, 2.0, Severity.CRITICAL),
            new ThresholdRule("pressure", null, 3.0, 0.0, Severity.WARNING));

    private AggregateTestFixture<Device> fixture;

    @BeforeEach
    void setUp() {
        fixture = newFixture();
    }

    private static AggregateTestFixture<Device> newFixture() {
        return new AggregateTestFixture<>(Device.class);
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
    void anUpdateRecordsEveryAttributeAsItIsAfterwards() {
        fixture.given(registered())
                .when(new UpdateDeviceCommand(DEVICE, "Boiler 7 east", null, null, Map.of("firmware", "2.5"), Set.of(),
                        RECEIVED_AT))
                .expectEvents(new DeviceUpdatedEvent(DEVICE, "Boiler 7 east", "plant-a", BERLIN,
                        Map.of("firmware", "2.5"), RECEIVED_AT));
    }

    @Test
    void anUpdateMayRemoveTheOptionalAttributes() {
        fixture.given(registered())
                .when(new UpdateDeviceCommand(DEVICE, null, null, null, null,
                        Set.of(DeviceAttribute.SITE, DeviceAttribute.LOCATION, DeviceAttribute.METADATA), RECEIVED_AT))
                .expectEvents(new DeviceUpdatedEvent(DEVICE, "Boiler 7", null, null, Map.of(), RECEIVED_AT));
    }

    @Test
    void anUpdateThatChangesNothingRecordsNothing() {
        fixture.given(registered(), new DeviceUpdatedEvent(DEVICE, "Boiler 7", "plant-b", BERLIN,
                        Map.of("vendor", "acme"), RECEIVED_AT.minusSeconds(60)))
                .when(new UpdateDeviceCommand(DEVICE, "Boiler 7", "plant-b", null, Map.of("vendor", "acme"), Set.of(),
                        RECEIVED_AT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anEmptyUpdateRecordsNothing() {
        fixture.given(registered())
                .when(new UpdateDeviceCommand(DEVICE, null, null, null, null, Set.of(), RECEIVED_AT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void updatingAnUnregisteredDeviceIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new UpdateDeviceCommand(DEVICE, "Boiler", null, null, null, Set.of(), RECEIVED_AT))
                .expectNoEvents()
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void configuringRulesRecordsTheWholeRuleSet() {
        fixture.given(registered())
                .when(new ConfigureDeviceRulesCommand(DEVICE, RULES, 60, RECEIVED_AT))
                .expectEvents(new DeviceRulesConfiguredEvent(DEVICE, RULES, 60, RECEIVED_AT));
    }

    @Test
    void configuringTheSameRulesAgainRecordsNothing() {
        fixture.given(registered(), new DeviceRulesConfiguredEvent(DEVICE, RULES, 60, REGISTERED_AT))
                .when(new ConfigureDeviceRulesCommand(DEVICE, RULES, 60, RECEIVED_AT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aNewReportingIntervalAloneIsAChangeOfRules() {
        fixture.given(registered(), new DeviceRulesConfiguredEvent(DEVICE, RULES, 60, REGISTERED_AT))
                .when(new ConfigureDeviceRulesCommand(DEVICE, RULES, null, RECEIVED_AT))
                .expectEvents(new DeviceRulesConfiguredEvent(DEVICE, RULES, null, RECEIVED_AT));
    }

    @Test
    void decommissioningRecordsIt() {
        fixture.given(registered())
                .when(new DecommissionDeviceCommand(DEVICE, RECEIVED_AT))
                .expectEvents(new DeviceDecommissionedEvent(DEVICE, RECEIVED_AT));
    }

    @Test
    void aDecommissionedDeviceRefusesEveryCommand() {
        List<Object> commands = List.of(
                new DecommissionDeviceCommand(DEVICE, RECEIVED_AT),
                new UpdateDeviceCommand(DEVICE, "Boiler", null, null, null, Set.of(), RECEIVED_AT),
                new ConfigureDeviceRulesCommand(DEVICE, RULES, null, RECEIVED_AT),
                new RecordReadingsCommand(DEVICE, List.of(TEMPERATURE), RECEIVED_AT));
        for (Object command : commands) {
            expectDecommissioned(newFixture()
                    .given(registered(), new DeviceDecommissionedEvent(DEVICE, REGISTERED_AT.plusSeconds(1)))
                    .when(command));
        }
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
    void aReadingRecordedBeforeIsADuplicateAndRecordsNothing() {
        fixture.given(registered(), online(), recorded(TEMPERATURE))
                .when(new RecordReadingsCommand(DEVICE, List.of(TEMPERATURE, PRESSURE), RECEIVED_AT.plusSeconds(5)))
                .expectResultMessagePayload(outcomes(DUPLICATE, RECORDED))
                .expectEvents(recorded(PRESSURE, RECEIVED_AT.plusSeconds(5)));
    }

    @Test
    void aReadingTwiceInOneBatchIsRecordedOnce() {
        fixture.given(registered(), online())
                .when(new RecordReadingsCommand(DEVICE, List.of(TEMPERATURE, PRESSURE, TEMPERATURE), RECEIVED_AT))
                .expectResultMessagePayload(outcomes(RECORDED, RECORDED, DUPLICATE))
                .expectEvents(recorded(TEMPERATURE), recorded(PRESSURE));
    }

    @Test
    void aBatchOfDuplicatesRecordsNothing() {
        fixture.given(registered(), online(), recorded(TEMPERATURE), recorded(PRESSURE))
                .when(new RecordReadingsCommand(DEVICE, List.of(PRESSURE, TEMPERATURE), RECEIVED_AT.plusSeconds(5)))
                .expectResultMessagePayload(outcomes(DUPLICATE, DUPLICATE))
                .expectNoEvents();
    }

    @Test
    void aReadingThatReusesARecordedIdWithAnotherValueConflictsAndRecordsNothing() {
        Reading otherValue = new Reading(TEMPERATURE.readingId(), TEMPERATURE.metric(), 72.0, TEMPERATURE.unit(),
                TEMPERATURE.timestamp());
        fixture.given(registered(), online(), recorded(TEMPERATURE))
                .when(new RecordReadingsCommand(DEVICE, List.of(otherValue, PRESSURE), RECEIVED_AT.plusSeconds(5)))
                .expectResultMessagePayload(outcomes(CONFLICT, RECORDED))
                .expectEvents(recorded(PRESSURE, RECEIVED_AT.plusSeconds(5)));
    }

    @Test
    void anyDifferenceInMetricUnitOrTimestampUnderARecordedIdIsAConflict() {
        String id = TEMPERATURE.readingId();
        fixture.given(registered(), online(), recorded(TEMPERATURE))
                .when(new RecordReadingsCommand(DEVICE, List.of(
                        new Reading(id, "humidity", TEMPERATURE.value(), TEMPERATURE.unit(), TEMPERATURE.timestamp()),
                        new Reading(id, TEMPERATURE.metric(), TEMPERATURE.value(), "K", TEMPERATURE.timestamp()),
                        new Reading(id, TEMPERATURE.metric(), TEMPERATURE.value(), null, TEMPERATURE.timestamp()),
                        new Reading(id, TEMPERATURE.metric(), TEMPERATURE.value(), TEMPERATURE.unit(),
                                TEMPERATURE.timestamp().plusNanos(1))), RECEIVED_AT.plusSeconds(5)))
                .expectResultMessagePayload(outcomes(CONFLICT, CONFLICT, CONFLICT, CONFLICT))
                .expectNoEvents();
    }

    @Test
    void twoDifferentReadingsUnderOneIdInOneBatchRecordTheFirstAndRefuseTheSecond() {
        Reading second = new Reading(PRESSURE.readingId(), PRESSURE.metric(), 2.2, PRESSURE.unit(),
                PRESSURE.timestamp());
        fixture.given(registered(), online())
                .when(new RecordReadingsCommand(DEVICE, List.of(PRESSURE, second), RECEIVED_AT))
                .expectResultMessagePayload(outcomes(RECORDED, CONFLICT))
                .expectEvents(recorded(PRESSURE));
    }

    @Test
    void aConflictAloneNeitherRecordsNorBringsTheDeviceOnline() {
        Reading otherValue = new Reading(TEMPERATURE.readingId(), TEMPERATURE.metric(), 1.0, TEMPERATURE.unit(),
                TEMPERATURE.timestamp());
        fixture.given(registered(), online(), recorded(TEMPERATURE), new DeviceWentOfflineEvent(DEVICE, RECEIVED_AT,
                        RECEIVED_AT.plusSeconds(60)))
                .when(new RecordReadingsCommand(DEVICE, List.of(otherValue), RECEIVED_AT.plusSeconds(90)))
                .expectResultMessagePayload(outcomes(CONFLICT))
                .expectNoEvents();
    }

    @Test
    void anIdIsForgottenOnceMoreNewerReadingsThanADeviceRemembersWereRecorded() {
        List<Object> history = new ArrayList<>(List.of(registered(), online(), recorded(TEMPERATURE)));
        for (int i = 0; i < Device.REMEMBERED_READING_IDS; i++) {
            history.add(recorded(new Reading("h-" + i, "humidity", 40, "%", TEMPERATURE.timestamp())));
        }
        Reading newest = new Reading("h-" + (Device.REMEMBERED_READING_IDS - 1), "humidity", 40, "%",
                TEMPERATURE.timestamp());
        fixture.given(history)
                .when(new RecordReadingsCommand(DEVICE, List.of(newest, TEMPERATURE), RECEIVED_AT.plusSeconds(5)))
                .expectResultMessagePayload(outcomes(DUPLICATE, RECORDED))
                .expectEvents(recorded(TEMPERATURE, RECEIVED_AT.plusSeconds(5)));
    }

    @Test
    void anIdIsForgottenOnceAReadingReceivedLaterThanTheHorizonWasRecorded() {
        Instant later = RECEIVED_AT.plus(Duration.ofMinutes(11));
        fixture.given(registered(), online(), recorded(TEMPERATURE), recorded(PRESSURE, later))
                .when(new RecordReadingsCommand(DEVICE, List.of(TEMPERATURE, PRESSURE), later.plusSeconds(1)))
                .expectResultMessagePayload(outcomes(RECORDED, DUPLICATE))
                .expectEvents(recorded(TEMPERATURE, later.plusSeconds(1)));
    }

    @Test
    void anIdIsRememberedHoweverLongNothingNewIsRecorded() {
        fixture.given(registered(), online(), recorded(TEMPERATURE))
                .when(new RecordReadingsCommand(DEVICE, List.of(TEMPERATURE), RECEIVED_AT.plus(Duration.ofDays(3))))
                .expectResultMessagePayload(outcomes(DUPLICATE))
                .expectNoEvents();
    }

    @Test
    void readingsOfAnUnregisteredDeviceAreRefused() {
        fixture.givenNoPriorActivity()
                .when(new RecordReadingsCommand(DEVICE, List.of(TEMPERATURE), RECEIVED_AT))
                .expectNoEvents()
                .expectException(AggregateNotFoundException.class);
    }

    private static RecordReadingsResult outcomes(ReadingOutcome... outcomes) {
        return new RecordReadingsResult(List.of(outcomes));
    }

    private static void expectDecommissioned(ResultValidator<Device> result) {
        result.expectNoEvents()
                .expectException(DomainException.class)
                .expectExceptionDetails(ErrorCode.DEVICE_DECOMMISSIONED);
    }

    private static DeviceRegisteredEvent registered() {
        return new DeviceRegisteredEvent(DEVICE, "boiler", "Boiler 7", "plant-a", BERLIN, Map.of("vendor", "acme"),
                REGISTERED_AT);
    }

    private static DeviceCameOnlineEvent online() {
        return new DeviceCameOnlineEvent(DEVICE, REGISTERED_AT);
    }

    private static ReadingRecordedEvent recorded(Reading reading) {
        return recorded(reading, RECEIVED_AT);
    }

    private static ReadingRecordedEvent recorded(Reading reading, Instant receivedAt) {
        return new ReadingRecordedEvent(DEVICE, reading.readingId(), reading.metric(), reading.value(),
                reading.unit(), reading.timestamp(), receivedAt);
    }
}
