package io.telemetra.api.mqtt;

import java.util.Optional;

/**
 * MQTT topic names: part of the public contract. Payloads are the same JSON as over REST: a device publishes its
 * readings (one reading object or an array of them) and the answers to its commands ({@code {outcome, message?}}), and
 * receives its commands (each delivery a {@code DeviceCommandMessage}), all at QoS 1.
 */
public final class MqttTopics {

    private static final String DEVICES = "telemetra/devices/";
    private static final String READINGS = "readings";
    private static final String COMMANDS = "commands";
    private static final String ACK = "ack";

    /** Every device's readings: the bridge's subscription. */
    public static final String ALL_READINGS = DEVICES + "+/" + READINGS;
    /** Every device's answers to its commands: the bridge's subscription. */
    public static final String ALL_ACKS = DEVICES + "+/" + COMMANDS + "/+/" + ACK;

    private MqttTopics() {
    }

    /** Where a device publishes its readings. */
    public static String readings(String deviceId) {
        return DEVICES + deviceId + "/" + READINGS;
    }

    /** Where the platform publishes a device's commands and their redeliveries; the device subscribes to it. */
    public static String commands(String deviceId) {
        return DEVICES + deviceId + "/" + COMMANDS;
    }

    /** Where a device answers one of its commands. */
    public static String ack(String deviceId, String commandId) {
        return commands(deviceId) + "/" + commandId + "/" + ACK;
    }

    /** The kinds of device topic. */
    public enum Kind {
        READINGS, COMMANDS, ACK
    }

    /** A topic name taken apart: {@code commandId} is set for {@link Kind#ACK} only. */
    public record DeviceTopic(Kind kind, String deviceId, String commandId) {
    }

    /**
     * What a topic name (or a subscription's filter) addresses, or empty when it is none of the device topics above
     * with literal levels: a wildcard ({@code +}, {@code #}) in place of an id addresses no one device.
     */
    public static Optional<DeviceTopic> parse(String topic) {
        if (topic == null || !topic.startsWith(DEVICES)) {
            return Optional.empty();
        }
        String[] levels = topic.substring(DEVICES.length()).split("/", -1);
        for (String level : levels) {
            if (level.isEmpty() || level.contains("+") || level.contains("#")) {
                return Optional.empty();
            }
        }
        if (levels.length == 2 && levels[1].equals(READINGS)) {
            return Optional.of(new DeviceTopic(Kind.READINGS, levels[0], null));
        }
        if (levels.length == 2 && levels[1].equals(COMMANDS)) {
            return Optional.of(new DeviceTopic(Kind.COMMANDS, levels[0], null));
        }
        if (levels.length == 4 && levels[1].equals(COMMANDS) && levels[3].equals(ACK)) {
            return Optional.of(new DeviceTopic(Kind.ACK, levels[0], levels[2]));
        }
        return Optional.empty();
    }
}
