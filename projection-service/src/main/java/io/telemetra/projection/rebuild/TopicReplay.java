package io.telemetra.projection.rebuild;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Reads its share of a topic's partitions from their beginning up to a target: the end offsets when it started, moved forward with
 * {@link #refreshTarget()} for the catch-up. Partitions are assigned, not subscribed: there is no group to join and no
 * offset to commit, since a rebuild that stops starts over from the beginning.
 */
final class TopicReplay implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Map<TopicPartition, Long> beginning;
    private Map<TopicPartition, Long> target;

    /**
     * The topic split into {@code shares} replays, each reading every {@code shares}-th partition with a consumer of its
     * own (a consumer is used by one thread at a time), so that several threads can replay it at once.
     */
    static List<TopicReplay> split(Map<String, Object> consumerConfig, String topic, String clientId, int pollRecords,
                                   int shares) {
        List<TopicPartition> all;
        try (KafkaConsumer<String, byte[]> lookup = consumer(consumerConfig, clientId + "-lookup", pollRecords)) {
            all = lookup.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition))
                    .toList();
        }
        List<TopicReplay> replays = new ArrayList<>();
        try {
            for (int share = 0; share < Math.min(shares, all.size()); share++) {
                int first = share;
                List<TopicPartition> partitions = IntStream.range(0, all.size())
                        .filter(index -> index % shares == first).mapToObj(all::get).toList();
                replays.add(new TopicReplay(consumer(consumerConfig, clientId + "-" + share, pollRecords),
                        partitions));
            }
        } catch (RuntimeException e) {
            replays.forEach(TopicReplay::close);
            throw e;
        }
        return replays;
    }

    private static KafkaConsumer<String, byte[]> consumer(Map<String, Object> consumerConfig, String clientId,
                                                          int pollRecords) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, pollRecords);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private TopicReplay(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        this.consumer = consumer;
        this.partitions = partitions;
        try {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            beginning = Map.copyOf(consumer.beginningOffsets(partitions));
            target = Map.copyOf(consumer.endOffsets(partitions));
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    List<ConsumerRecord<String, byte[]>> poll(Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        consumer.poll(timeout).forEach(records::add);
        return records;
    }

    void refreshTarget() {
        target = Map.copyOf(consumer.endOffsets(partitions));
    }

    boolean reachedTarget() {
        return partitions.stream().allMatch(partition -> consumer.position(partition) >= target.get(partition));
    }

    /** Records read so far. */
    long replayed() {
        return partitions.stream().mapToLong(partition -> consumer.position(partition) - beginning.get(partition))
                .sum();
    }

    /** Records up to the current target. */
    long total() {
        return partitions.stream().mapToLong(partition -> target.get(partition) - beginning.get(partition)).sum();
    }

    /** Per partition, the offsets replayed so far: from the beginning, inclusive, to the position, exclusive. */
    Map<TopicPartition, long[]> replayedRanges() {
        Map<TopicPartition, long[]> ranges = new HashMap<>();
        partitions.forEach(partition -> ranges.put(partition,
                new long[] {beginning.get(partition), consumer.position(partition)}));
        return ranges;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
