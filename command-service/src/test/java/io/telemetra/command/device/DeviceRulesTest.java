package io.telemetra.command.device;

import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.device.AnomalyDetection;
import io.telemetra.api.device.ConfigureDeviceRulesCommand;
import io.telemetra.api.device.DecommissionDeviceCommand;
import io.telemetra.api.device.DeviceDecommissionedEvent;
import io.telemetra.api.device.DeviceRulesConfiguredEvent;
import io.telemetra.api.device.Severity;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.telemetry.Reading;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.telemetra.command.device.DeviceFixtures.DEVICE;
import static io.telemetra.command.device.DeviceFixtures.PRESSURE_RULE;
import static io.telemetra.command.device.DeviceFixtures.TEMPERATURE_RULE;
import static io.telemetra.command.device.DeviceFixtures.VIBRATION_RULE;
import static io.telemetra.command.device.DeviceFixtures.alertId;
import static io.telemetra.command.device.DeviceFixtures.at;
import static io.telemetra.command.device.DeviceFixtures.newFixture;
import static io.telemetra.command.device.DeviceFixtures.online;
import static io.telemetra.command.device.DeviceFixtures.reading;
import static io.telemetra.command.device.DeviceFixtures.record;
import static io.telemetra.command.device.DeviceFixtures.recorded;
import static io.telemetra.command.device.DeviceFixtures.registered;
import static io.telemetra.command.device.DeviceFixtures.rules;

/** Rules evaluated as readings are recorded: thresholds with hysteresis, anomalies, and alerts' ends. */
class DeviceRulesTest {
    private AggregateTestFixture<Device> fixture;

    @BeforeEach
    void setUp() {
        fixture = newFixture();
    }

    @Test
    void aReadingAboveMaxRaisesAHighAlertOfTheRulesSeverity() {
        Reading hot = reading("temperature", 92.5, 10);

        fixture.given(registered(), rules(null, TEMPERATURE_RULE), online())
                .when(record(hot))
                .expectEvents(recorded(hot), raised(1, hot, AlertKind.THRESHOLD_HIGH, TEMPERATURE_RULE,
                        "temperature 92.5 above max 80.0"));
    }

    @Test
    void aReadingAtMaxRaisesNothing() {
        fixture.given(registered(), rules(null, TEMPERATURE_RULE), online())
                .when(record(reading("temperature", 80.0, 10)))
                .expectEvents(recorded(reading("temperature", 80.0, 10)));
    }

    @Test
    void whileAHighAlertIsOpenAnotherBreachRaisesNoSecondOne() {
        Reading hotter = reading("temperature", 99.0, 20);

        givenHighAlertOpen()
                .when(record(hotter))
                .expectEvents(recorded(hotter));
    }

    @Test
    void aHighAlertStaysOpenBetweenMaxLessHysteresisAndMax() {
        Reading justBelowMax = reading("temperature", 79.0, 20);
        Reading atTheHysteresisBound = reading("temperature", 78.0, 21);

        givenHighAlertOpen()
                .when(record(justBelowMax, atTheHysteresisBound))
                .expectEvents(recorded(justBelowMax, at(21)), recorded(atTheHysteresisBound));
    }

    @Test
    void aHighAlertResolvesOnceAReadingIsBelowMaxLessHysteresis() {
        Reading normal = reading("temperature", 77.5, 20);

        givenHighAlertOpen()
                .when(record(normal))
                .expectEvents(recorded(normal), new AlertResolvedEvent(DEVICE, alertId(1), 77.5,
                        "temperature 77.5 back below max 80.0 less hysteresis 2.0", at(20)));
    }

    @Test
    void aLowAlertIsRaisedBelowMinAndResolvesOnlyAboveMinPlusHysteresis() {
        Reading cold = reading("temperature", 5.0, 10);
        Reading stillCold = reading("temperature", 11.0, 20);
        Reading normal = reading("temperature", 12.5, 30);

        fixture.given(registered(), rules(null, TEMPERATURE_RULE), online())
                .when(record(cold))
                .expectEvents(recorded(cold), raised(1, cold, AlertKind.THRESHOLD_LOW, TEMPERATURE_RULE,
                        "temperature 5.0 below min 10.0"));
        newFixture().given(registered(), rules(null, TEMPERATURE_RULE), online(), recorded(cold),
                        raised(1, cold, AlertKind.THRESHOLD_LOW, TEMPERATURE_RULE, "temperature 5.0 below min 10.0"))
                .when(record(stillCold, normal))
                .expectEvents(recorded(stillCold, at(30)), recorded(normal), new AlertResolvedEvent(DEVICE,
                        alertId(1), 12.5, "temperature 12.5 back above min 10.0 plus hysteresis 2.0", at(30)));
    }

    @Test
    void aJumpFromBelowMinToAboveMaxResolvesTheLowAlertBeforeRaisingTheHighOne() {
        Reading cold = reading("temperature", 5.0, 10);
        Reading hot = reading("temperature", 95.0, 20);

        fixture.given(registered(), rules(null, TEMPERATURE_RULE), online(), recorded(cold),
                        raised(1, cold, AlertKind.THRESHOLD_LOW, TEMPERATURE_RULE, "temperature 5.0 below min 10.0"))
                .when(record(hot))
                .expectEvents(recorded(hot),
                        new AlertResolvedEvent(DEVICE, alertId(1), 95.0,
                                "temperature 95.0 back above min 10.0 plus hysteresis 2.0", at(20)),
                        raised(2, hot, AlertKind.THRESHOLD_HIGH, TEMPERATURE_RULE, "temperature 95.0 above max 80.0"));
    }

    @Test
    void withoutHysteresisAReadingJustInsideTheBoundResolves() {
        Reading high = reading("pressure", 3.5, 10);
        Reading normal = reading("pressure", 2.9, 20);

        fixture.given(registered(), rules(null, PRESSURE_RULE), online(), recorded(high),
                        raised(1, high, AlertKind.THRESHOLD_HIGH, PRESSURE_RULE, "pressure 3.5 above max 3.0"))
                .when(record(normal))
                .expectEvents(recorded(normal), new AlertResolvedEvent(DEVICE, alertId(1), 2.9,
                        "pressure 2.9 back below max 3.0", at(20)));
    }

    @Test
    void alertsOfDifferentMetricsAreOpenAtOnceEachWithItsOwnId() {
        Reading hot = reading("temperature", 92.5, 10);
        Reading highPressure = reading("pressure", 3.5, 10);
        Reading stillHot = reading("temperature", 85.0, 20);
        Reading pressureNormal = reading("pressure", 2.0, 20);

        fixture.given(registered(), rules(null, TEMPERATURE_RULE, PRESSURE_RULE), online())
                .when(record(hot, highPressure))
                .expectEvents(
                        recorded(hot), raised(1, hot, AlertKind.THRESHOLD_HIGH, TEMPERATURE_RULE,
                                "temperature 92.5 above max 80.0"),
                        recorded(highPressure), raised(2, highPressure, AlertKind.THRESHOLD_HIGH, PRESSURE_RULE,
                                "pressure 3.5 above max 3.0"));
        newFixture().given(twoAlertsOpen())
                .when(record(stillHot, pressureNormal))
                .expectEvents(recorded(stillHot), recorded(pressureNormal),
                        new AlertResolvedEvent(DEVICE, alertId(2), 2.0, "pressure 2.0 back below max 3.0", at(20)));
    }

    @Test
    void aNewAlertAfterAResolvedOneGetsTheNextId() {
        Reading hotAgain = reading("temperature", 90.0, 30);

        fixture.given(highAlertOpen())
                .andGiven(recorded(reading("temperature", 20.0, 20)),
                        new AlertResolvedEvent(DEVICE, alertId(1), 20.0, "back", at(20)))
                .when(record(hotAgain))
                .expectEvents(recorded(hotAgain), raised(2, hotAgain, AlertKind.THRESHOLD_HIGH, TEMPERATURE_RULE,
                        "temperature 90.0 above max 80.0"));
    }

    @Test
    void aLateReadingIsRecordedButNeitherRaisesNorResolves() {
        Reading newest = reading("temperature", 50.0, 10);
        Reading late = reading("temperature", 95.0, 5);

        fixture.given(registered(), rules(null, TEMPERATURE_RULE), online(), recorded(newest))
                .when(record(at(20), late))
                .expectEvents(recorded(late, at(20)));
        Reading lateNormal = reading("temperature", 20.0, 5);
        newFixture().given(highAlertOpen())
                .when(record(at(20), lateNormal))
                .expectEvents(recorded(lateNormal, at(20)));
    }

    @Test
    void aReadingMeasuredAtTheSameTimeAsTheNewestIsEvaluated() {
        Reading newest = reading("temperature", 50.0, 10);
        Reading sameTime = new Reading("r-same", "temperature", 92.5, "u", newest.timestamp());

        fixture.given(registered(), rules(null, TEMPERATURE_RULE), online(), recorded(newest))
                .when(record(at(20), sameTime))
                .expectEvents(recorded(sameTime, at(20)), raised(1, sameTime, AlertKind.THRESHOLD_HIGH,
                        TEMPERATURE_RULE, "temperature 92.5 above max 80.0", at(20)));
    }

    @Test
    void readingsOfAMetricWithoutARuleRaiseNothing() {
        fixture.given(registered(), rules(null, TEMPERATURE_RULE), online())
                .when(record(reading("humidity", 1000.0, 10)))
                .expectEvents(recorded(reading("humidity", 1000.0, 10)));
    }

    /** Warm-up 10, 12, 10 and 11: mean 10.75, variance 0.4375; 20 is 13.98 standard deviations away. */
    @Test
    void afterTheWarmUpAReadingBeyondTheZScoreRaisesAnAnomaly() {
        Reading outlier = reading("vibration", 20.0, 50);

        givenVibrationTrainedOnFourReadings()
                .when(record(outlier))
                .expectEvents(recorded(outlier), raised(1, outlier, AlertKind.ANOMALY, VIBRATION_RULE,
                        "vibration 20.0 is 13.98 standard deviations from its mean 10.75 (bound 3.0)"));
    }

    @Test
    void theNextReadingWithinTheBoundResolvesTheAnomaly() {
        Reading outlier = reading("vibration", 20.0, 50);
        Reading normal = reading("vibration", 16.0, 60);

        givenVibrationTrainedOnFourReadings()
                .andGiven(recorded(outlier), raised(1, outlier, AlertKind.ANOMALY, VIBRATION_RULE, "anomaly"))
                .when(record(normal))
                .expectEvents(recorded(normal), new AlertResolvedEvent(DEVICE, alertId(1), 16.0,
                        "vibration 16.0 back within 3.0 standard deviations of its mean 15.38", at(60)));
    }

    @Test
    void duringTheWarmUpNoReadingIsAnAnomaly() {
        Reading outlier = reading("vibration", 1000.0, 30);

        fixture.given(registered(), rules(null, VIBRATION_RULE), online(), recorded(reading("vibration", 10.0, 10)),
                        recorded(reading("vibration", 12.0, 20)))
                .when(record(outlier))
                .expectEvents(recorded(outlier));
    }

    @Test
    void withoutAnySpreadInTheReadingsSoFarNoReadingIsAnAnomaly() {
        Reading different = reading("vibration", 11.0, 40);

        fixture.given(registered(), rules(null, VIBRATION_RULE), online(), recorded(reading("vibration", 10.0, 10)),
                        recorded(reading("vibration", 10.0, 20)), recorded(reading("vibration", 10.0, 30)))
                .when(record(different))
                .expectEvents(recorded(different));
    }

    /** A late 1000 trained nothing: 20 is judged against the same mean and variance as without it. */
    @Test
    void aLateReadingDoesNotTrainTheStatistics() {
        Reading late = reading("vibration", 1000.0, 5);
        Reading outlier = reading("vibration", 20.0, 50);

        givenVibrationTrainedOnFourReadings()
                .andGiven(recorded(late, at(45)))
                .when(record(outlier))
                .expectEvents(recorded(outlier), raised(1, outlier, AlertKind.ANOMALY, VIBRATION_RULE,
                        "vibration 20.0 is 13.98 standard deviations from its mean 10.75 (bound 3.0)"));
    }

    @Test
    void aReadingCanBreachAThresholdAndBeAnAnomalyAtOnce() {
        ThresholdRule both = new ThresholdRule("vibration", null, 15.0, 1.0, Severity.WARNING,
                new AnomalyDetection(3.0, 0.5, 3), null);
        Reading outlier = reading("vibration", 20.0, 50);

        givenVibrationTrainedOnFourReadings(both)
                .when(record(outlier))
                .expectEvents(recorded(outlier),
                        raised(1, outlier, AlertKind.THRESHOLD_HIGH, both, "vibration 20.0 above max 15.0"),
                        raised(2, outlier, AlertKind.ANOMALY, both,
                                "vibration 20.0 is 13.98 standard deviations from its mean 10.75 (bound 3.0)"));
    }

    @Test
    void rulesThatDropAMetricResolveItsOpenAlertsAndKeepTheOthers() {
        List<ThresholdRule> onlyPressure = List.of(PRESSURE_RULE);

        fixture.given(twoAlertsOpen())
                .when(new ConfigureDeviceRulesCommand(DEVICE, onlyPressure, null, at(30)))
                .expectEvents(new DeviceRulesConfiguredEvent(DEVICE, onlyPressure, null, at(30)),
                        new AlertResolvedEvent(DEVICE, alertId(1), null, "rule removed", at(30)));
    }

    @Test
    void aRuleThatLosesTheBoundWhichRaisedAnAlertResolvesIt() {
        ThresholdRule minOnly = new ThresholdRule("temperature", 10.0, null, 2.0, Severity.CRITICAL);

        givenHighAlertOpen()
                .when(new ConfigureDeviceRulesCommand(DEVICE, List.of(minOnly), null, at(30)))
                .expectEvents(new DeviceRulesConfiguredEvent(DEVICE, List.of(minOnly), null, at(30)),
                        new AlertResolvedEvent(DEVICE, alertId(1), null, "rule removed", at(30)));
    }

    @Test
    void aChangedRuleThatStillWatchesTheAlertKeepsItOpenAndJudgesByTheNewBounds() {
        ThresholdRule higherMax = new ThresholdRule("temperature", 10.0, 100.0, 2.0, Severity.CRITICAL);
        Reading belowNewMax = reading("temperature", 97.0, 40);

        givenHighAlertOpen()
                .when(new ConfigureDeviceRulesCommand(DEVICE, List.of(higherMax), null, at(30)))
                .expectEvents(new DeviceRulesConfiguredEvent(DEVICE, List.of(higherMax), null, at(30)));
        newFixture().given(highAlertOpen())
                .andGiven(new DeviceRulesConfiguredEvent(DEVICE, List.of(higherMax), null, at(30)))
                .when(record(belowNewMax))
                .expectEvents(recorded(belowNewMax), new AlertResolvedEvent(DEVICE, alertId(1), 97.0,
                        "temperature 97.0 back below max 100.0 less hysteresis 2.0", at(40)));
    }

    @Test
    void decommissioningResolvesEveryOpenAlertFirst() {
        fixture.given(twoAlertsOpen())
                .when(new DecommissionDeviceCommand(DEVICE, at(30)))
                .expectEvents(new AlertResolvedEvent(DEVICE, alertId(1), null, "device decommissioned", at(30)),
                        new AlertResolvedEvent(DEVICE, alertId(2), null, "device decommissioned", at(30)),
                        new DeviceDecommissionedEvent(DEVICE, at(30)));
    }

    private TestExecutor<Device> givenHighAlertOpen() {
        return fixture.given(highAlertOpen());
    }

    /** A high-temperature alert open, raised by 92.5 at second 10. */
    private static List<Object> highAlertOpen() {
        Reading hot = reading("temperature", 92.5, 10);
        return List.of(registered(), rules(null, TEMPERATURE_RULE), online(), recorded(hot),
                raised(1, hot, AlertKind.THRESHOLD_HIGH, TEMPERATURE_RULE, "temperature 92.5 above max 80.0"));
    }

    /** That alert and a high-pressure one raised by 3.5 at second 10, under rules for both metrics. */
    private static List<Object> twoAlertsOpen() {
        Reading hot = reading("temperature", 92.5, 10);
        Reading highPressure = reading("pressure", 3.5, 10);
        return List.of(registered(), rules(null, TEMPERATURE_RULE, PRESSURE_RULE), online(), recorded(hot),
                raised(1, hot, AlertKind.THRESHOLD_HIGH, TEMPERATURE_RULE, "temperature 92.5 above max 80.0"),
                recorded(highPressure),
                raised(2, highPressure, AlertKind.THRESHOLD_HIGH, PRESSURE_RULE, "pressure 3.5 above max 3.0"));
    }

    private TestExecutor<Device> givenVibrationTrainedOnFourReadings() {
        return givenVibrationTrainedOnFourReadings(VIBRATION_RULE);
    }

    private TestExecutor<Device> givenVibrationTrainedOnFourReadings(
            ThresholdRule rule) {
        return fixture.given(registered(), rules(null, rule), online(), recorded(reading("vibration", 10.0, 10)),
                recorded(reading("vibration", 12.0, 20)), recorded(reading("vibration", 10.0, 30)),
                recorded(reading("vibration", 11.0, 40)));
    }

    private static AlertRaisedEvent raised(int n, Reading reading, AlertKind kind, ThresholdRule rule, String detail) {
        return raised(n, reading, kind, rule, detail, reading.timestamp().plusSeconds(1));
    }

    private static AlertRaisedEvent raised(int n, Reading reading, AlertKind kind, ThresholdRule rule, String detail,
                                           Instant raisedAt) {
        return new AlertRaisedEvent(DEVICE, alertId(n), reading.metric(), kind, rule.severity(), reading.value(),
                reading.timestamp(), rule, detail, raisedAt);
    }
}
