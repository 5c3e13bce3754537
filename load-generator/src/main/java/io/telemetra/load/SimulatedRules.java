package io.telemetra.load;

import io.telemetra.api.device.ConfigureRulesRequest;
import io.telemetra.api.device.ThresholdRuleRequest;
import io.telemetra.api.device.ThresholdRuleRequest.AnomalyRequest;
import io.telemetra.api.device.ThresholdRuleRequest.ResponseRequest;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules simulate configures on each thermostat, derived from its set points so that its normal readings never
 * breach them (temperature stays within about 4 °C of its set point, humidity within about 8 %) while the spikes of
 * {@code --anomalies} (temperature 8..15 °C, humidity 25..40 % over the reading) do: a temperature bound with a
 * THROTTLE response and anomaly detection, and a humidity bound.
 * <p>
 * Anomaly detection uses z-score 5: a thermostat's own noise is small, and with the platform's EWMA (alpha 0.1) a
 * bound of 4 would still be crossed by about one normal reading in two thousand when devices report every second or
 * so; a spike is dozens of standard deviations off either way.
 */
final class SimulatedRules {

    static final double TEMPERATURE_MARGIN = 5;
    static final double TEMPERATURE_HYSTERESIS = 1;
    static final double HUMIDITY_MARGIN = 15;
    static final double HUMIDITY_HYSTERESIS = 3;
    static final double ANOMALY_Z_SCORE = 5;
    static final int ANOMALY_WARM_UP = 30;
    static final String RESPONSE = "THROTTLE";
    static final int THROTTLE_PERCENT = 50;
    /** A device silent for this many of its reporting intervals (at least a minute) goes OFFLINE. */
    static final int SILENT_INTERVALS = 10;
    static final int MIN_REPORTING_INTERVAL_SECONDS = 60;
    /** The platform's upper bound on {@code reportingIntervalSeconds}. */
    static final int MAX_REPORTING_INTERVAL_SECONDS = 7 * 24 * 3600;

    /** Every rule removed: resolves what earlier runs left open and forgets their anomaly statistics. */
    static final ConfigureRulesRequest NONE = new ConfigureRulesRequest(List.of(), null);

    private SimulatedRules() {
    }

    static ConfigureRulesRequest forThermostat(Thermostat thermostat, int reportingIntervalSeconds) {
        return new ConfigureRulesRequest(List.of(
                new ThresholdRuleRequest(Thermostat.TEMPERATURE, null, temperatureMax(thermostat),
                        TEMPERATURE_HYSTERESIS, "CRITICAL",
                        new AnomalyRequest(ANOMALY_Z_SCORE, null, ANOMALY_WARM_UP),
                        new ResponseRequest(RESPONSE, Map.of("percent", THROTTLE_PERCENT))),
                new ThresholdRuleRequest(Thermostat.HUMIDITY, null, humidityMax(thermostat), HUMIDITY_HYSTERESIS,
                        "WARNING")),
                reportingIntervalSeconds);
    }

    static double temperatureMax(Thermostat thermostat) {
        return oneDecimal(thermostat.temperatureSetPoint() + TEMPERATURE_MARGIN);
    }

    static double humidityMax(Thermostat thermostat) {
        return oneDecimal(thermostat.humiditySetPoint() + HUMIDITY_MARGIN);
    }

    /**
     * Each device reports every {@code devices / rate} seconds; it counts as offline after {@link #SILENT_INTERVALS}
     * of those, and never sooner than a minute.
     */
    static int reportingIntervalSeconds(int devices, double ratePerSecond) {
        double perDevice = devices / ratePerSecond;
        double interval = Math.max(MIN_REPORTING_INTERVAL_SECONDS, Math.ceil(SILENT_INTERVALS * perDevice));
        return (int) Math.min(interval, MAX_REPORTING_INTERVAL_SECONDS);
    }

    /** One line for the console. */
    static String describe(int reportingIntervalSeconds) {
        return String.format(Locale.ROOT, "rules: temperature above set point + %.0f °C (hysteresis %.0f, CRITICAL, "
                        + "%s percent=%d) or %.0f standard deviations off after %d readings; humidity above set point "
                        + "+ %.0f %% (hysteresis %.0f, WARNING); offline after %d s without a reading",
                TEMPERATURE_MARGIN, TEMPERATURE_HYSTERESIS, RESPONSE, THROTTLE_PERCENT, ANOMALY_Z_SCORE,
                ANOMALY_WARM_UP, HUMIDITY_MARGIN, HUMIDITY_HYSTERESIS, reportingIntervalSeconds);
    }

    private static double oneDecimal(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
