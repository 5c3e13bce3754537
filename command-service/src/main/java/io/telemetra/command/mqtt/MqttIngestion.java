package io.telemetra.command.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.telemetra.api.devicecommand.AcknowledgeCommandRequest;
import io.telemetra.api.devicecommand.AcknowledgeDeviceCommand;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.kafka.EventMetadata;
import io.telemetra.api.mqtt.MqttTopics;
import io.telemetra.api.mqtt.MqttTopics.DeviceTopic;
import io.telemetra.api.mqtt.MqttTopics.Kind;
import io.telemetra.api.telemetry.BatchReadingsAccepted;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.api.telemetry.RejectedReading;
import io.telemetra.command.devicecommand.DeviceCommandRequests;
import io.telemetra.command.messaging.CommandRefusal;
import io.telemetra.command.messaging.TransientFailures;
import io.telemetra.command.mqtt.BrokerConnection.Inbound;
import io.telemetra.command.mqtt.MqttDeadLetters.DeadLetter;
import io.telemetra.command.scheduling.Backoff;
import io.telemetra.command.telemetry.Channel;
import io.telemetra.command.telemetry.DeviceReadingsReader;
import io.telemetra.command.telemetry.IngestionItem;
import io.telemetra.command.telemetry.ReadingIngestion;
import io.telemetra.command.validation.InvalidRequestException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.telemetra.command.validation.Fields.requireIdentifier;

/**
 * What devices publish over MQTT, taken in through the same doors as REST, one batch of messages at a time on one
 * thread (so a device's messages are handled in the order they arrived):
 * <ul>
 *   <li>readings ({@code telemetra/devices/{deviceId}/readings}, the body of
 *       {@code POST /api/devices/{deviceId}/readings}) go through {@link DeviceReadingsReader} and
 *       {@link ReadingIngestion}: the same validation, idempotency by reading id and error codes; every reading of the
 *       batch is stored in one transaction. A message refused whole (not JSON, invalid, too large) or with readings
 *       refused by their device (unknown, decommissioned, a conflicting reading id) is set aside on the dead-letter
 *       topic with the reasons ({@link MqttDeadLetters}); the other readings are stored;</li>
 *   <li>answers ({@code telemetra/devices/{deviceId}/commands/{commandId}/ack}, {@code {outcome, message?}}) become
 *       {@link AcknowledgeDeviceCommand}s, as over REST; a refused one (unknown or closed command, invalid) is logged
 *       and counted in {@code telemetra_mqtt_answers_total{outcome="refused"}}.</li>
 * </ul>
 * The batch's messages are acknowledged to the broker only after all that: a failure to store (database or Kafka down)
 * is retried with back-off until it succeeds, holding the acknowledgements back. When the bridge stops first they are
 * never sent, and the broker delivers the messages again; readings stored before are then recognised as duplicates.
 */
class MqttIngestion implements BrokerConnection.Receiver {

    static final String PRINCIPAL = "mqtt:" + MqttTopics.ALL_READINGS;

    private static final Logger log = LoggerFactory.getLogger(MqttIngestion.class);
    /** Messages handed over and not yet taken into a batch; the broker waits when it is full. */
    private static final int QUEUE_CAPACITY = 10_000;
    private static final int MAX_ANSWER_BYTES = 16 * 1024;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final DeviceReadingsReader reader;
    private final ReadingIngestion ingestion;
    private final CommandGateway commandGateway;
    private final MqttDeadLetters deadLetters;
    private final ObjectMapper json;
    private final MqttProperties properties;
    private final Clock clock;
    private final Backoff backoff;
    private final Counter answersApplied;
    private final Counter answersRefused;
    private final BlockingQueue<Inbound> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private volatile boolean running;
    private volatile boolean busy;
    private Thread worker;
    private BrokerConnection connection;

    MqttIngestion(DeviceReadingsReader reader, ReadingIngestion ingestion, CommandGateway commandGateway,
                  MqttDeadLetters deadLetters, ObjectMapper json, MqttProperties properties, Clock clock,
                  MeterRegistry meters) {
        this.reader = reader;
        this.ingestion = ingestion;
        this.commandGateway = commandGateway;
        this.deadLetters = deadLetters;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
        this.backoff = new Backoff(properties.retryInitial(), properties.retryMax());
        this.answersApplied = answers(meters, "applied");
        this.answersRefused = answers(meters, "refused");
    }

    private static Counter answers(MeterRegistry meters, String outcome) {
        return Counter.builder("telemetra.mqtt.answers")
                .description("Devices' answers to their commands received over MQTT")
                .tag("outcome", outcome)
                .register(meters);
    }

    @Override
    public void received(Inbound message) throws InterruptedException {
        queue.put(message);
    }

    synchronized void start(BrokerConnection brokerConnection) {
        connection = brokerConnection;
        queue.clear();
        running = true;
        worker = new Thread(this::run, "mqtt-ingestion");
        worker.start();
    }

    /** Lets the batch under way finish (its retries are abandoned); what is not acknowledged comes again. */
    synchronized void stop() {
        running = false;
        if (worker != null) {
            try {
                worker.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        queue.clear();
    }

    private void run() {
        List<Inbound> batch = new ArrayList<>();
        while (running) {
            Inbound first;
            try {
                first = queue.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                continue;
            }
            busy = true;
            batch.clear();
            batch.add(first);
            queue.drainTo(batch, properties.maxBatch() - 1);
            try {
                if (handle(batch)) {
                    batch.forEach(connection::acknowledge);
                }
            } catch (RuntimeException e) {
                log.error("MQTT batch of {} messages not handled; the broker delivers it again", batch.size(), e);
            } finally {
                busy = false;
            }
        }
    }

    /** Whether every message handed over has been handled. */
    boolean idle() {
        return queue.isEmpty() && !busy;
    }

    /** @return whether every message was stored or set aside; false when the bridge stopped before */
    boolean handle(List<Inbound> batch) {
        Instant receivedAt = clock.instant();
        List<Inbound> readings = new ArrayList<>();
        List<Inbound> answers = new ArrayList<>();
        for (Inbound message : batch) {
            Optional<DeviceTopic> topic = MqttTopics.parse(message.topic());
            if (topic.isPresent() && topic.get().kind() == Kind.READINGS) {
                readings.add(message);
            } else if (topic.isPresent() && topic.get().kind() == Kind.ACK) {
                answers.add(message);
            } else {
                log.warn("MQTT message on {} ignored: the bridge takes readings and answers only", message.topic());
            }
        }
        if (!readings.isEmpty()) {
            Submission submission = decode(readings, receivedAt);
            if (!retried(() -> store(submission, receivedAt))) {
                return false;
            }
        }
        for (Inbound answer : answers) {
            if (!retried(() -> apply(answer))) {
                return false;
            }
        }
        return true;
    }

    /** The validated readings of a batch's messages, and the readings refused already, numbered in one sequence. */
    private record Submission(List<Inbound> messages, List<IngestionItem> items, List<RejectedReading> refused,
                              List<Integer> messageOfIndex) {
    }

    private Submission decode(List<Inbound> messages, Instant receivedAt) {
        List<IngestionItem> items = new ArrayList<>();
        List<RejectedReading> refused = new ArrayList<>();
        List<Integer> messageOfIndex = new ArrayList<>();
        for (int m = 0; m < messages.size(); m++) {
            Inbound message = messages.get(m);
            String deviceId = MqttTopics.parse(message.topic()).orElseThrow().deviceId();
            JsonNode body = null;
            try {
                body = parse(message.payload(), properties.maxMessageSize().toBytes());
                for (Reading reading : reader.read(deviceId, body, receivedAt)) {
                    items.add(new IngestionItem(messageOfIndex.size(), deviceId, reading));
                    messageOfIndex.add(m);
                }
            } catch (InvalidRequestException e) {
                int count = body == null ? 1 : DeviceReadingsReader.size(body);
                for (int i = 0; i < count; i++) {
                    refused.add(new RejectedReading(messageOfIndex.size(), e.code(), e.getMessage()));
                    messageOfIndex.add(m);
                }
            }
        }
        return new Submission(messages, items, refused, messageOfIndex);
    }

    private JsonNode parse(byte[] payload, long maxBytes) {
        if (payload.length > maxBytes) {
            throw new InvalidRequestException(ErrorCode.PAYLOAD_TOO_LARGE, null,
                    "the payload exceeds " + maxBytes + " bytes");
        }
        try {
            JsonNode body = json.readTree(payload);
            if (body != null && !body.isMissingNode()) {
                return body;
            }
        } catch (IOException e) {
            // refused below
        }
        throw new InvalidRequestException(ErrorCode.MALFORMED_REQUEST, null, "the payload is not JSON");
    }

    private void store(Submission submission, Instant receivedAt) {
        BatchReadingsAccepted outcome = ingestion.ingest(Channel.MQTT, receivedAt, submission.items(),
                submission.refused(), Map.of(EventMetadata.PRINCIPAL, PRINCIPAL));
        Map<Integer, List<RejectedReading>> byMessage = new LinkedHashMap<>();
        for (RejectedReading rejected : outcome.rejected()) {
            byMessage.computeIfAbsent(submission.messageOfIndex().get(rejected.index()), m -> new ArrayList<>())
                    .add(rejected);
        }
        List<DeadLetter> letters = new ArrayList<>(byMessage.size());
        byMessage.forEach((m, rejected) -> {
            Inbound message = submission.messages().get(m);
            Set<String> reasons = new LinkedHashSet<>();
            rejected.forEach(reading -> reasons.add(reading.code() + ": " + reading.detail()));
            letters.add(new DeadLetter(message.topic(), MqttTopics.parse(message.topic()).orElseThrow().deviceId(),
                    message.payload(), rejected.get(0).code(), String.join("; ", reasons)));
        });
        deadLetters.publish(letters);
    }

    private void apply(Inbound message) {
        DeviceTopic topic = MqttTopics.parse(message.topic()).orElseThrow();
        AcknowledgeDeviceCommand command;
        try {
            AcknowledgeCommandRequest request;
            try {
                request = json.treeToValue(parse(message.payload(), MAX_ANSWER_BYTES),
                        AcknowledgeCommandRequest.class);
            } catch (IOException e) {
                throw new InvalidRequestException(ErrorCode.MALFORMED_REQUEST, null,
                        "the answer must be {outcome, message?}");
            }
            command = DeviceCommandRequests.toAcknowledge(requireIdentifier(topic.deviceId(), "deviceId"),
                    requireIdentifier(topic.commandId(), "commandId"), request, topic.deviceId(), clock.instant());
        } catch (InvalidRequestException e) {
            refused(message, e.code(), e.getMessage());
            return;
        }
        try {
            commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                    .andMetaData(Map.of(EventMetadata.PRINCIPAL, topic.deviceId())));
            answersApplied.increment();
        } catch (RuntimeException failure) {
            Optional<CommandRefusal> refusal = CommandRefusal.of(failure);
            if (refusal.isPresent()) {
                refused(message, refusal.get().code(), refusal.get().detail());
            } else if (TransientFailures.isTransient(failure)) {
                throw failure;
            } else {
                log.error("MQTT answer on {} could not be applied, and trying again would fail the same way",
                        message.topic(), failure);
                refused(message, ErrorCode.INTERNAL_ERROR, failure.toString());
            }
        }
    }

    private void refused(Inbound message, ErrorCode code, String detail) {
        answersRefused.increment();
        log.warn("MQTT answer on {} refused: {} {}", message.topic(), code, detail);
    }

    /** Runs {@code work} until it succeeds, pausing with back-off; @return false when the bridge stopped first */
    private boolean retried(Runnable work) {
        for (int failures = 1; running; failures++) {
            try {
                work.run();
                return true;
            } catch (RuntimeException e) {
                Duration pause = backoff.delayAfter(failures);
                log.warn("MQTT messages could not be stored ({}); trying again in {} ms, unacknowledged meanwhile",
                        e.toString(), pause.toMillis());
                if (!pause(pause)) {
                    return false;
                }
            }
        }
        return false;
    }

    private boolean pause(Duration pause) {
        long end = System.nanoTime() + pause.toNanos();
        while (running && System.nanoTime() < end) {
            try {
                Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return running;
    }
}
