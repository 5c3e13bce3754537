package io.telemetra.command;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** A consumer of every partition of a topic, from its first record, outside any group: what a test reads back. */
public final class TopicFromStart {

    private TopicFromStart() {
    }

    public static KafkaConsumer<String, byte[]> open(String bootstrapServers, String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Reads the topic from its start until {@code count} records keyed {@code key} arrived: their values, in order. */
    public static List<byte[]> valuesOf(String bootstrapServers, String topic, String key, int count) {
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = open(bootstrapServers, topic)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        values.add(record.value());
                    }
                }
                return values.size() >= count;
            });
        }
        return values;
    }

    /**
     * Every value keyed {@code key} on the topic now: reads each partition from its start to the end offset it had when
     * called, so that nothing already on the topic is missed, duplicates included.
     */
    public static List<byte[]> allValuesOf(String bootstrapServers, String topic, String key) {
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = open(bootstrapServers, topic)) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())
                            && record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        values.add(record.value());
                    }
                }
                return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
            });
        }
        return values;
    }

    /** Reads the topic from its start until a record matches: the first that does. */
    public static ConsumerRecord<String, byte[]> firstMatching(String bootstrapServers, String topic,
                                                               Predicate<ConsumerRecord<String, byte[]>> matching) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = open(bootstrapServers, topic)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (matching.test(record)) {
                        found.add(record);
                    }
                }
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }
}
