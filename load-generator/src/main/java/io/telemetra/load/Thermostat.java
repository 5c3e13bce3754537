package io.telemetra.load;

import java.util.Random;

/**
 * A simulated thermostat: temperature and humidity around the room's own set point, following a slow daily-like
 * swing and a random walk, with sensor noise; with anomalies on, a reading now and then spikes far off (what threshold
 * rules and anomaly detection should catch).
 */
final class Thermostat {

    static final String TEMPERATURE = "temperature";
    static final String HUMIDITY = "humidity";
    static final String CELSIUS = "Cel";
    static final String PERCENT = "%";

    /** One reading in this many is a spike when anomalies are on. */
    static final int SPIKE_ONE_IN = 200;
    private static final double SWING_PERIOD_SECONDS = 600;
    private static final double MAX_WANDER = 2.0;

    private final Random random;
    private final double temperatureSetPoint;
    private final double humiditySetPoint;
    private final double phase;
    private double temperatureWander;
    private double humidityWander;

    Thermostat(Random random) {
        this.random = random;
        this.temperatureSetPoint = 19 + 5 * random.nextDouble();
        this.humiditySetPoint = 35 + 20 * random.nextDouble();
        this.phase = 2 * Math.PI * random.nextDouble();
    }

    record Sample(double value, boolean spike) {
    }

    /** Where the temperature centres: normal readings stay within about 4 °C of it. */
    double temperatureSetPoint() {
        return temperatureSetPoint;
    }

    /** Where the humidity centres: normal readings stay within about 8 % of it. */
    double humiditySetPoint() {
        return humiditySetPoint;
    }

    /** @param seconds time since the simulation started, for the slow swing */
    Sample temperature(double seconds, boolean anomalies) {
        temperatureWander = wander(temperatureWander, 0.05);
        double value = temperatureSetPoint + 1.5 * swing(seconds) + temperatureWander + 0.1 * random.nextGaussian();
        if (anomalies && random.nextInt(SPIKE_ONE_IN) == 0) {
            return new Sample(round(value + 8 + 7 * random.nextDouble()), true);
        }
        return new Sample(round(value), false);
    }

    Sample humidity(double seconds, boolean anomalies) {
        humidityWander = wander(humidityWander, 0.2);
        double value = humiditySetPoint - 4 * swing(seconds) + humidityWander + 0.5 * random.nextGaussian();
        if (anomalies && random.nextInt(SPIKE_ONE_IN) == 0) {
            value += 25 + 15 * random.nextDouble();
            return new Sample(round(Math.min(value, 100)), true);
        }
        return new Sample(round(Math.max(0, Math.min(value, 100))), false);
    }

    private double swing(double seconds) {
        return Math.sin(2 * Math.PI * seconds / SWING_PERIOD_SECONDS + phase);
    }

    private double wander(double current, double step) {
        return Math.max(-MAX_WANDER, Math.min(MAX_WANDER, current + step * random.nextGaussian()));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
