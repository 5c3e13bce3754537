package io.telemetra.query.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.kafka.DeviceEventTypes;
import io.telemetra.api.kafka.EventEnvelope;
import io.telemetra.api.kafka.Topics;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.api.query.AlertView;
import io.telemetra.api.query.DeviceCommandView;
import io.telemetra.api.query.LiveDeviceUpdate;
import io.telemetra.api.query.LiveReading;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.query.alert.LiveAlerts;
import io.telemetra.query.devicecommand.LiveCommands;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Feeds the live stream from {@code telemetra.device-events}. Every instance reads every partition from the end with
 * a manually assigned consumer outside any group, so a client sees every device whichever instance it is connected to,
 * and nothing is committed: the stream is live, its history is in the read models. Readings go out as
 * {@code event: reading}, alert events as {@code event: alert} (an {@link AlertView}), device-command events as
 * {@code event: command} (a {@link DeviceCommandView}), and every other event, status changes included, as
 * {@code event: device}.
 */
@Component
public class DeviceEventFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeviceEventFeed.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration BACK_OFF = Duration.ofSeconds(1);

    private final ConsumerFactory<?, ?> consumerFactory;
    private final StreamHub hub;
    private final LiveAlerts alerts;
    private final LiveCommands commands;
    private final ObjectMapper json = WireFormat.objectMapper();
    private volatile Consumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile boolean live;

    DeviceEventFeed(ConsumerFactory<?, ?> consumerFactory, StreamHub hub, LiveAlerts alerts, LiveCommands commands) {
        this.consumerFactory = consumerFactory;
        this.hub = hub;
        this.alerts = alerts;
        this.commands = commands;
    }

    /** Whether the feed has positioned itself at the end of every partition: anything published from now on shows. */
    public boolean isLive() {
        return live;
    }

    @Override
    public void start() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        @SuppressWarnings("unchecked")
        Consumer<String, byte[]> created = (Consumer<String, byte[]>) consumerFactory.createConsumer(null,
                "query-service-stream", null, overrides);
        consumer = created;
        running = true;
        thread = new Thread(this::run, "live-stream-feed");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        try {
            while (running) {
                try {
                    if (!live && !positionAtTheEnd()) {
                        Thread.sleep(BACK_OFF.toMillis());
                        continue;
                    }
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        // Decoding every event for nobody cost a visible share of the machine under load
                        // (docs/performance.md).
                        // The consumer keeps its position, so a client that connects sees what is fetched from then on.
                        if (hub.clientCount() > 0) {
                            publish(record);
                        }
                    }
                } catch (WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("Live-stream feed failed, retrying in {}: {}", BACK_OFF, e.toString());
                    Thread.sleep(BACK_OFF.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * @return false while the topic does not exist yet (command-service creates it, and may start later): assigning
     * no partitions would leave the feed "live" on nothing, every poll failing, until a restart
     */
    private boolean positionAtTheEnd() {
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEVICE_EVENTS).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        if (partitions.isEmpty()) {
            return false;
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolves the end offsets now rather than on the first poll
        live = true;
        log.info("Live stream following {} partitions of {}", partitions.size(), Topics.DEVICE_EVENTS);
        return true;
    }

    private void publish(ConsumerRecord<String, byte[]> record) {
        try {
            EventEnvelope envelope = json.readValue(record.value(), EventEnvelope.class);
            if (envelope.aggregateId() == null || envelope.aggregateId().isBlank()) {
                throw new IllegalArgumentException("no aggregateId"); // never broadcast to every client
            }
            String deviceId = envelope.aggregateId();
            long sequence = envelope.sequenceNumber();
            Class<?> type = DeviceEventTypes.classOf(envelope.type()).orElse(null);
            Object event = type == null ? null : json.treeToValue(envelope.payload(), type);
            Optional<AlertView> alert = alerts.viewOf(deviceId, sequence, event);
            Optional<DeviceCommandView> command = commands.viewOf(deviceId, sequence, event);
            if (event instanceof ReadingRecordedEvent reading) {
                hub.publish(StreamMessage.event(deviceId, "reading", json.writeValueAsString(
                        new LiveReading(deviceId, sequence, reading.readingId(), reading.metric(), reading.value(),
                                reading.unit(), reading.timestamp()))));
            } else if (alert.isPresent()) {
                hub.publish(StreamMessage.event(deviceId, "alert", json.writeValueAsString(alert.get())));
            } else if (command.isPresent()) {
                hub.publish(StreamMessage.event(deviceId, "command", json.writeValueAsString(command.get())));
            } else {
                hub.publish(StreamMessage.event(deviceId, "device", json.writeValueAsString(
                        new LiveDeviceUpdate(deviceId, sequence, envelope.type(), envelope.timestamp(),
                                envelope.payload()))));
            }
        } catch (IOException | RuntimeException e) {
            // projection-service parks such records; the live stream just leaves them out.
            log.debug("Left out of the live stream: {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.toString());
        }
    }
}
