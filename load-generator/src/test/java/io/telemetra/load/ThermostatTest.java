package io.telemetra.load;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ThermostatTest {

    @Test
    void readingsStayInAPlausibleIndoorRangeWithoutAnomalies() {
        for (int seed = 0; seed < 20; seed++) {
            Thermostat thermostat = new Thermostat(new Random(seed));
            for (int second = 0; second < 3600; second++) {
                Thermostat.Sample temperature = thermostat.temperature(second, false);
                Thermostat.Sample humidity = thermostat.humidity(second, false);
                assertThat(temperature.value()).isBetween(14.0, 29.0);
                assertThat(humidity.value()).isBetween(25.0, 65.0);
                assertThat(temperature.spike() || humidity.spike()).isFalse();
            }
        }
    }

    @Test
    void valuesDriftSlowlyRatherThanJump() {
        Thermostat thermostat = new Thermostat(new Random(3));
        double previous = thermostat.temperature(0, false).value();
        for (int second = 1; second < 600; second++) {
            double value = thermostat.temperature(second, false).value();
            assertThat(Math.abs(value - previous)).isLessThan(1.5);
            previous = value;
        }
    }

    @Test
    void anomaliesAreRareSpikesFarAboveTheReadingBefore() {
        Thermostat thermostat = new Thermostat(new Random(11));
        int spikes = 0;
        int readings = 100_000;
        double previous = thermostat.temperature(0, false).value();
        for (int i = 1; i < readings; i++) {
            Thermostat.Sample sample = thermostat.temperature(i, true);
            if (sample.spike()) {
                spikes++;
                assertThat(sample.value() - previous).isGreaterThan(6.0);
            } else {
                previous = sample.value();
            }
        }

        assertThat(spikes).isBetween(readings / Thermostat.SPIKE_ONE_IN / 2, readings / Thermostat.SPIKE_ONE_IN * 2);
    }

    @Test
    void humidityNeverLeavesZeroToAHundredPercent() {
        Thermostat thermostat = new Thermostat(new Random(5));
        for (int i = 0; i < 50_000; i++) {
            assertThat(thermostat.humidity(i, true).value()).isBetween(0.0, 100.0);
        }
    }
}
