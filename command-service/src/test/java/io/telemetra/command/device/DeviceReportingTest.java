package io.telemetra.command.device;

import io.telemetra.api.device.ConfigureDeviceRulesCommand;
import io.telemetra.api.device.DecommissionDeviceCommand;
import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.device.DeviceDecommissionedEvent;
import io.telemetra.api.device.DeviceRulesConfiguredEvent;
import io.telemetra.api.device.DeviceWentOfflineEvent;
import io.telemetra.api.telemetry.Reading;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.telemetra.command.device.DeviceFixtures.DEVICE;
import static io.telemetra.command.device.DeviceFixtures.REGISTERED_AT;
import static io.telemetra.command.device.DeviceFixtures.T0;
import static io.telemetra.command.device.DeviceFixtures.TEMPERATURE_RULE;
import static io.telemetra.command.device.DeviceFixtures.at;
import static io.telemetra.command.device.DeviceFixtures.newFixture;
import static io.telemetra.command.device.DeviceFixtures.reading;
import static io.telemetra.command.device.DeviceFixtures.record;
import static io.telemetra.command.device.DeviceFixtures.recorded;
import static io.telemetra.command.device.DeviceFixtures.registered;
import static io.telemetra.command.device.DeviceFixtures.rules;

/** The expected reporting interval: one deadline per device, moved forward only when it fires. */
class DeviceReportingTest {

    private static final int INTERVAL = 60;

    private AggregateTestFixture<Device> fixture;

    @BeforeEach
    void setUp() {
        fixture = newFixture();
    }

    @Test
    void aDeviceComingOnlineIsExpectedToReportWithinTheInterval() {
        Reading first = reading("temperature", 20.0, 0);

        fixture.givenCurrentTime(T0).andGiven(registered(), rules(INTERVAL, TEMPERATURE_RULE))
                .when(record(first))
                .expectEvents(new DeviceCameOnlineEvent(DEVICE, at(0)), recorded(first))
                .expectScheduledDeadline(at(INTERVAL), new ReportingDeadline(at(INTERVAL)))
                .expectScheduledDeadlineWithName(Duration.ofSeconds(INTERVAL), ReportingDeadline.NAME);
    }

    @Test
    void withoutAnIntervalNoDeadlineIsScheduled() {
        fixture.givenCurrentTime(T0).andGiven(registered(), rules(null, TEMPERATURE_RULE))
                .when(record(reading("temperature", 20.0, 0)))
                .expectNoScheduledDeadlines();
    }

    @Test
    void readingsOfAnOnlineDeviceScheduleNothing() {
        fixture.givenCurrentTime(T0)
                .andGiven(registered(), rules(INTERVAL, TEMPERATURE_RULE), new DeviceCameOnlineEvent(DEVICE, at(0)))
                .when(record(reading("temperature", 20.0, 10), reading("temperature", 21.0, 20)))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aDeviceSilentForTheWholeIntervalGoesOffline() {
        fixture.givenCurrentTime(T0).andGiven(registered(), rules(INTERVAL, TEMPERATURE_RULE))
                .andGivenCommands(record(reading("temperature", 20.0, 0)))
                .whenTimeElapses(Duration.ofSeconds(INTERVAL))
                .expectEvents(new DeviceWentOfflineEvent(DEVICE, at(0), at(INTERVAL)))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aReadingBeforeTheDeadlineMovesItToTheEndOfTheIntervalAfterThatReading() {
        fixture.givenCurrentTime(T0).andGiven(registered(), rules(INTERVAL, TEMPERATURE_RULE))
                .andGivenCommands(record(reading("temperature", 20.0, 0)), record(reading("temperature", 21.0, 30)))
                .whenTimeAdvancesTo(at(INTERVAL))
                .expectNoEvents()
                .expectScheduledDeadline(at(30 + INTERVAL), new ReportingDeadline(at(30 + INTERVAL)));
    }

    @Test
    void silenceAfterTheMovedDeadlineTakesTheDeviceOfflineWithItsLastReading() {
        fixture.givenCurrentTime(T0).andGiven(registered(), rules(INTERVAL, TEMPERATURE_RULE))
                .andGivenCommands(record(reading("temperature", 20.0, 0)), record(reading("temperature", 21.0, 30)))
                .whenThenTimeElapses(Duration.ofSeconds(30 + INTERVAL))
                .expectEvents(new DeviceWentOfflineEvent(DEVICE, at(30), at(30 + INTERVAL)))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aReadingOfAnOfflineDeviceBringsItBackOnlineAndWatchesTheIntervalAgain() {
        Reading back = reading("temperature", 20.0, 300);

        fixture.givenCurrentTime(at(300)).andGiven(registered(), rules(INTERVAL, TEMPERATURE_RULE),
                        new DeviceCameOnlineEvent(DEVICE, at(0)), recorded(reading("temperature", 19.0, 0)),
                        new DeviceWentOfflineEvent(DEVICE, at(0), at(INTERVAL)))
                .when(record(back))
                .expectEvents(new DeviceCameOnlineEvent(DEVICE, at(300)), recorded(back))
                .expectScheduledDeadline(at(300 + INTERVAL), new ReportingDeadline(at(300 + INTERVAL)));
    }

    @Test
    void decommissioningCancelsTheDeadline() {
        fixture.givenCurrentTime(T0).andGiven(registered(), rules(INTERVAL, TEMPERATURE_RULE))
                .andGivenCommands(record(reading("temperature", 20.0, 0)))
                .when(new DecommissionDeviceCommand(DEVICE, at(10)))
                .expectEvents(new DeviceDecommissionedEvent(DEVICE, at(10)))
                .expectNoScheduledDeadlines();
    }

    @Test
    void anIntervalSetOnAnOnlineDeviceCountsFromTheConfiguration() {
        fixture.givenCurrentTime(T0).andGiven(registered(), rules(null, TEMPERATURE_RULE),
                        new DeviceCameOnlineEvent(DEVICE, at(0)), recorded(reading("temperature", 20.0, 0)))
                .when(new ConfigureDeviceRulesCommand(DEVICE, List.of(TEMPERATURE_RULE), INTERVAL, at(10)))
                .expectEvents(new DeviceRulesConfiguredEvent(DEVICE, List.of(TEMPERATURE_RULE), INTERVAL, at(10)))
                .expectScheduledDeadline(at(10 + INTERVAL), new ReportingDeadline(at(10 + INTERVAL)));
    }

    @Test
    void aNewIntervalReplacesThePendingDeadline() {
        fixture.givenCurrentTime(T0).andGiven(registered(), rules(INTERVAL, TEMPERATURE_RULE))
                .andGivenCommands(record(reading("temperature", 20.0, 0)))
                .when(new ConfigureDeviceRulesCommand(DEVICE, List.of(TEMPERATURE_RULE), 600, at(10)))
                .expectScheduledDeadline(at(610), new ReportingDeadline(at(610)))
                .expectNoScheduledDeadline(at(INTERVAL), new ReportingDeadline(at(INTERVAL)));
    }

    @Test
    void removingTheIntervalCancelsTheDeadline() {
        fixture.givenCurrentTime(T0).andGiven(registered(), rules(INTERVAL, TEMPERATURE_RULE))
                .andGivenCommands(record(reading("temperature", 20.0, 0)))
                .when(new ConfigureDeviceRulesCommand(DEVICE, List.of(TEMPERATURE_RULE), null, at(10)))
                .expectNoScheduledDeadlines();
    }

    @Test
    void anIntervalSetOnADeviceThatNeverReportedWaitsForItsFirstReading() {
        fixture.givenCurrentTime(REGISTERED_AT).andGiven(registered())
                .when(new ConfigureDeviceRulesCommand(DEVICE, List.of(), INTERVAL, at(10)))
                .expectNoScheduledDeadlines();
    }
}
