package io.telemetra.load;

import io.telemetra.api.device.ConfigureRulesRequest;
import io.telemetra.api.device.ThresholdRuleRequest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class SimulatedRulesTest {

    @Test
    void aThermostatGetsATemperatureBoundWithThrottleAndAnomaliesAndAHumidityBound() {
        Thermostat thermostat = new Thermostat(new Random(7));

        ConfigureRulesRequest request = SimulatedRules.forThermostat(thermostat, 60);

        assertThat(request.reportingIntervalSeconds()).isEqualTo(60);
        assertThat(request.rules()).hasSize(2);
        ThresholdRuleRequest temperature = request.rules().get(0);
        assertThat(temperature.metric()).isEqualTo(Thermostat.TEMPERATURE);
        assertThat(temperature.min()).isNull();
        assertThat(temperature.max()).isCloseTo(thermostat.temperatureSetPoint() + 5, offset(0.051));
        assertThat(temperature.hysteresis()).isEqualTo(1.0);
        assertThat(temperature.severity()).isEqualTo("CRITICAL");
        assertThat(temperature.anomaly()).isEqualTo(new ThresholdRuleRequest.AnomalyRequest(5.0, null, 30));
        assertThat(temperature.response())
                .isEqualTo(new ThresholdRuleRequest.ResponseRequest("THROTTLE", Map.of("percent", 50)));
        ThresholdRuleRequest humidity = request.rules().get(1);
        assertThat(humidity.metric()).isEqualTo(Thermostat.HUMIDITY);
        assertThat(humidity.max()).isCloseTo(thermostat.humiditySetPoint() + 15, offset(0.051));
        assertThat(humidity.hysteresis()).isEqualTo(3.0);
        assertThat(humidity.severity()).isEqualTo("WARNING");
        assertThat(humidity.anomaly()).isNull();
        assertThat(humidity.response()).isNull();
    }

    @Test
    void normalReadingsStayBelowTheBoundsAndBackBelowTheHysteresis() {
        for (int seed = 0; seed < 50; seed++) {
            Thermostat thermostat = new Thermostat(new Random(seed));
            double temperatureMax = SimulatedRules.temperatureMax(thermostat);
            double humidityMax = SimulatedRules.humidityMax(thermostat);
            for (int second = 0; second < 3600; second++) {
                assertThat(thermostat.temperature(second, false).value())
                        .isLessThan(temperatureMax - SimulatedRules.TEMPERATURE_HYSTERESIS);
                assertThat(thermostat.humidity(second, false).value())
                        .isLessThan(humidityMax - SimulatedRules.HUMIDITY_HYSTERESIS);
            }
        }
    }

    @Test
    void everySpikeBreachesItsBound() {
        for (int seed = 0; seed < 20; seed++) {
            Thermostat thermostat = new Thermostat(new Random(seed));
            for (int second = 0; second < 20_000; second++) {
                Thermostat.Sample temperature = thermostat.temperature(second, true);
                Thermostat.Sample humidity = thermostat.humidity(second, true);
                if (humidity.spike()) {
                    assertThat(humidity.value()).isGreaterThan(SimulatedRules.humidityMax(thermostat));
                }
                if (temperature.spike()) {
                    // a spike from the very bottom of the swing and the wander may stay just under the bound: the
                    // anomaly detection catches it
                    assertThat(temperature.value()).isGreaterThan(SimulatedRules.temperatureMax(thermostat) - 1);
                }
            }
        }
    }

    /**
     * The platform's anomaly detection (command-service's {@code Ewma}: alpha 0.1, judged against the statistics
     * before the reading) over normal readings, one temperature reading a second per device: at most a stray one.
     */
    @Test
    void anomalyDetectionLeavesNormalReadingsAlone() {
        double alpha = 0.1;
        long judged = 0;
        long anomalous = 0;
        for (int seed = 0; seed < 50; seed++) {
            Thermostat thermostat = new Thermostat(new Random(seed));
            long count = 0;
            double mean = 0;
            double variance = 0;
            for (int second = 0; second < 3600; second++) {
                double value = thermostat.temperature(second, false).value();
                if (count >= SimulatedRules.ANOMALY_WARM_UP && variance > 0) {
                    judged++;
                    if (Math.abs(value - mean) / Math.sqrt(variance) > SimulatedRules.ANOMALY_Z_SCORE) {
                        anomalous++;
                    }
                }
                if (count++ == 0) {
                    mean = value;
                } else {
                    double diff = value - mean;
                    mean += alpha * diff;
                    variance = (1 - alpha) * (variance + diff * alpha * diff);
                }
            }
        }
        assertThat(judged).isGreaterThan(170_000);
        assertThat(anomalous).isLessThanOrEqualTo(judged / 10_000);
    }

    @Test
    void devicesCountAsOfflineAfterTenOfTheirReportingIntervalsButNotWithinAMinute() {
        assertThat(SimulatedRules.reportingIntervalSeconds(20, 10)).isEqualTo(60);
        assertThat(SimulatedRules.reportingIntervalSeconds(10, 20)).isEqualTo(60);
        assertThat(SimulatedRules.reportingIntervalSeconds(100, 10)).isEqualTo(100);
        assertThat(SimulatedRules.reportingIntervalSeconds(1000, 0.3)).isEqualTo(33_334);
        assertThat(SimulatedRules.reportingIntervalSeconds(100_000, 0.01)).isEqualTo(7 * 24 * 3600);
    }
}
