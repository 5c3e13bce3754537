package io.telemetra.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandMessage;
import io.telemetra.api.kafka.Topics;
import io.telemetra.api.kafka.WireFormat;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The simulated devices' end of {@code telemetra.device-commands}: a consumer in a group of its own (one per run, so
 * it starts at the latest offset and never resumes an earlier run's position) that answers every command addressed
 * to one of the fleet's devices with ACCEPTED, then COMPLETED, each with that device's own token. A redelivery (the
 * answer came late) is answered again, which the platform takes as a no-op. Without answering ({@code --no-ack}) it
 * only counts the commands, and the platform redelivers them and times them out, escalating their alerts that are
 * still open by then.
 */
final class CommandResponder implements CommandAnswers {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final int ANSWER_THREADS = 2;
    private static final String CLOSED = "DEVICE_COMMAND_CLOSED";

    private final ObjectMapper json = WireFormat.objectMapper();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<String> deviceIds;
    private final boolean answer;
    private final PlatformClient client;
    private final String secret;
    private final Map<String, BearerToken> tokens = new ConcurrentHashMap<>();
    private final ExecutorService answering;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final Thread poller;
    private final LongAdder received = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder late = new LongAdder();
    private final SendStats errors = new SendStats();
    private final String bootstrapServers;
    private boolean closed;

    /** @param answer false: only count the commands ({@code --no-ack}) */
    CommandResponder(String bootstrapServers, String groupId, Set<String> deviceIds, boolean answer,
                     PlatformClient client, String secret) {
        this.deviceIds = Set.copyOf(deviceIds);
        this.bootstrapServers = bootstrapServers;
        this.answer = answer;
        this.client = client;
        this.secret = secret;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.CLIENT_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.answering = Executors.newFixedThreadPool(ANSWER_THREADS, r -> {
            Thread thread = new Thread(r, "answer-commands");
            thread.setDaemon(true);
            return thread;
        });
        this.poller = new Thread(this::poll, "device-commands");
        this.poller.setDaemon(true);
    }

    /**
     * Starts consuming and waits until the topic's partitions are assigned and their positions fixed, so that no
     * command issued from now on is missed.
     *
     * @return whether that happened within {@code timeout}
     */
    @Override
    public boolean start(Duration timeout) throws InterruptedException {
        poller.start();
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public String where() {
        return Topics.DEVICE_COMMANDS + " on " + bootstrapServers + ", answered over REST";
    }

    private void poll() {
        try {
            consumer.subscribe(List.of(Topics.DEVICE_COMMANDS), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // the positions resolve lazily: fix them at the end now, before the readings start
                    partitions.forEach(consumer::position);
                    if (!partitions.isEmpty()) {
                        assigned.countDown();
                    }
                }
            });
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    handle(record);
                }
            }
        } catch (WakeupException e) {
            // closed
        } catch (RuntimeException e) {
            errors.failed("consumer " + e.getClass().getSimpleName(), 1);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        DeviceCommandMessage command;
        try {
            command = json.readValue(record.value(), DeviceCommandMessage.class);
        } catch (IOException | RuntimeException e) {
            errors.failed("unreadable command", 1);
            return;
        }
        if (command.deviceId() == null || !deviceIds.contains(command.deviceId()) || command.commandId() == null) {
            return;
        }
        received.increment();
        if (answer) {
            answering.execute(() -> answer(command));
        }
    }

    private void answer(DeviceCommandMessage command) {
        BearerToken token = tokens.computeIfAbsent(command.deviceId(), id -> BearerToken.device(secret, id));
        try {
            for (CommandOutcome outcome : List.of(CommandOutcome.ACCEPTED, CommandOutcome.COMPLETED)) {
                PlatformClient.Response response = client.acknowledgeCommand(command.deviceId(),
                        command.commandId(), outcome.name(), token);
                if (response.status() == 409 && CLOSED.equals(response.reason())) {
                    late.increment();
                    return;
                }
                if (!response.ok()) {
                    errors.failed("ack " + response.reason(), 1);
                    return;
                }
            }
            answered.increment();
        } catch (IOException e) {
            errors.failed("ack " + e.getClass().getSimpleName(), 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        return late.sum();
    }

    @Override
    public long errors() {
        return errors.errors();
    }

    @Override
    public String errorSummary() {
        return errors.errorSummary();
    }

    @Override
    public synchronized void close(Duration grace) throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        if (poller.getState() == Thread.State.NEW) {
            consumer.close();
        }
        consumer.wakeup();
        poller.join(10_000);
        answering.shutdown();
        if (!answering.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            answering.shutdownNow();
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(10));
    }
}
