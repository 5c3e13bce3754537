package io.telemetra.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandMessage;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.api.mqtt.MqttTopics;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The simulated devices' commands over MQTT: each device subscribes to {@code telemetra/devices/<id>/commands} and
 * answers every delivery on {@code .../commands/<commandId>/ack} with ACCEPTED, then COMPLETED once the broker has the
 * first answer (so they arrive in that order). A redelivery is answered again, which the platform takes as a no-op.
 * Without answering ({@code --no-ack}) it only counts the commands. MQTT has no reply to an answer: one that comes too
 * late is refused by the platform (logged and counted there), so {@link #late()} is always 0 here.
 */
final class MqttCommandResponder implements CommandAnswers {

    private static final Duration CLOSE_WAIT_STEP = Duration.ofMillis(50);

    private final ObjectMapper json = WireFormat.objectMapper();
    private final MqttFleet fleet;
    private final String url;
    private final boolean answer;
    private final LongAdder received = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final AtomicLong underway = new AtomicLong();
    private final SendStats errors = new SendStats();
    private volatile boolean closed;

    /** @param answer false: only count the commands ({@code --no-ack}) */
    MqttCommandResponder(MqttFleet fleet, String url, boolean answer) {
        this.fleet = fleet;
        this.url = url;
        this.answer = answer;
    }

    @Override
    public boolean start(Duration timeout) {
        try {
            fleet.subscribeEach(MqttTopics::commands, (topic, message) -> handle(message));
            return true;
        } catch (MqttException e) {
            errors.failed("subscribe " + e.getReasonCode(), 1);
            return false;
        }
    }

    @Override
    public String where() {
        return "telemetra/devices/<id>/commands on " + url + ", answered on telemetra/devices/<id>/commands/<id>/ack";
    }

    private void handle(MqttMessage message) {
        DeviceCommandMessage command;
        try {
            command = json.readValue(message.getPayload(), DeviceCommandMessage.class);
        } catch (IOException | RuntimeException e) {
            errors.failed("unreadable command", 1);
            return;
        }
        if (command.deviceId() == null || command.commandId() == null) {
            errors.failed("unreadable command", 1);
            return;
        }
        received.increment();
        if (answer && !closed) {
            underway.incrementAndGet();
            send(command, CommandOutcome.ACCEPTED);
        }
    }

    private void send(DeviceCommandMessage command, CommandOutcome outcome) {
        byte[] payload = ("{\"outcome\":\"" + outcome.name() + "\"}").getBytes(StandardCharsets.UTF_8);
        fleet.publish(command.deviceId(), MqttTopics.ack(command.deviceId(), command.commandId()), payload,
                new MqttFleet.Outcome() {
                    @Override
                    public void acknowledged() {
                        if (outcome == CommandOutcome.ACCEPTED) {
                            send(command, CommandOutcome.COMPLETED);
                        } else {
                            answered.increment();
                            underway.decrementAndGet();
                        }
                    }

                    @Override
                    public void failed(String reason) {
                        errors.failed("ack " + reason, 1);
                        underway.decrementAndGet();
                    }
                });
    }

    @Override
    public long received() {
        return received.sum();
    }

    @Override
    public long answered() {
        return answered.sum();
    }

    @Override
    public long late() {
        return 0;
    }

    @Override
    public long errors() {
        return errors.errors();
    }

    @Override
    public String errorSummary() {
        return errors.errorSummary();
    }

    /** Takes no more commands and waits for the answers under way; the connections are the fleet's to close. */
    @Override
    public void close(Duration grace) throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (underway.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(CLOSE_WAIT_STEP.toMillis());
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(10));
    }
}
