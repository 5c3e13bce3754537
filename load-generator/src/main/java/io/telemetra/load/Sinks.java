package io.telemetra.load;

import io.telemetra.api.telemetry.DeviceReading;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/** Opens the sink for a path and says what it uses. */
final class Sinks {

    /** Readings a REST client keeps queued at most (about 60 MB): beyond it the platform is hopelessly behind. */
    private static final int MAX_QUEUED = 200_000;

    private Sinks() {
    }

    /**
     * @param probeDevice a registered device, for one probe reading that finds out which REST endpoint exists
     * @param mqtt        the devices' connections, for the MQTT path (else null)
     */
    static ReadingSink open(IngestPath path, Stack stack, PlatformClient client, int senders, String probeDevice,
                            String runId, SendStats stats, Consumer<PlannedReading> onFailure, Console console,
                            MqttFleet mqtt) throws IOException, InterruptedException {
        if (path == IngestPath.MQTT) {
            console.info("sending to MQTT %s: each of %d devices on its own connection and topic "
                    + "telemetra/devices/<id>/readings, QoS 1, one reading per message", stack.mqttUrl(), mqtt.size());
            return new MqttSink(mqtt, stats, onFailure);
        }
        if (path == IngestPath.KAFKA) {
            console.info("sending to Kafka %s, topic telemetra.device-telemetry (keyed by device id, acks=all, "
                    + "linger 5 ms, lz4)", stack.kafkaBootstrap());
            return new KafkaSink(stack.kafkaBootstrap(), stats, onFailure);
        }
        DeviceReading probe = new DeviceReading(probeDevice, runId + "-probe", Thermostat.TEMPERATURE, 21.0,
                Thermostat.CELSIUS, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        boolean multiDevice = RestSink.probeMultiDevice(client, probe);
        RestSink sink = new RestSink(client, multiDevice, senders, MAX_QUEUED, stats, onFailure);
        console.info("sending to %s with %s, %d sender threads, up to %d readings per request%s",
                String.join(", ", stack.commandServices().stream().map(URI::toString).toList()), sink.endpoint(),
                senders, RestSink.MAX_BATCH,
                multiDevice ? "" : " (POST /api/readings is not there yet)");
        return sink;
    }
}
