package io.telemetra.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.api.mqtt.MqttTopics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Devices publishing their own readings over MQTT, each on {@code telemetra/devices/<its id>/readings} at QoS 1, one
 * reading per message (the body of {@code POST /api/devices/{id}/readings}). A reading counts as accepted once the
 * broker has acknowledged it.
 */
final class MqttSink implements ReadingSink {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final ObjectMapper json = WireFormat.objectMapper();
    private final MqttFleet fleet;
    private final SendStats stats;
    private final Consumer<PlannedReading> onFailure;
    private final AtomicLong inFlight = new AtomicLong();

    MqttSink(MqttFleet fleet, SendStats stats, Consumer<PlannedReading> onFailure) {
        this.fleet = fleet;
        this.stats = stats;
        this.onFailure = onFailure;
    }

    @Override
    public void send(PlannedReading planned) {
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(planned.reading().withoutDevice());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a reading must serialize", e);
        }
        String deviceId = planned.reading().deviceId();
        inFlight.incrementAndGet();
        stats.sent(1);
        fleet.publish(deviceId, MqttTopics.readings(deviceId), payload, new MqttFleet.Outcome() {
            @Override
            public void acknowledged() {
                inFlight.decrementAndGet();
                stats.accepted(1);
            }

            @Override
            public void failed(String reason) {
                inFlight.decrementAndGet();
                stats.failed(reason, 1);
                onFailure.accept(planned);
            }
        });
    }

    @Override
    public long inFlight() {
        return inFlight.get();
    }

    /** Waits for the broker's acknowledgements (within limits); the connections are the fleet's to close. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
