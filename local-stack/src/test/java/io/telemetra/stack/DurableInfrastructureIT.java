package io.telemetra.stack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL and the Kafka broker on their own: durable settings, and data kept across a clean stop and a start. That
 * nothing acknowledged is lost when they crash or go away under load is {@link FaultToleranceIT}'s to prove.
 */
class DurableInfrastructureIT {

    private static final String TOPIC = "durability-check";

    @TempDir
    Path home;

    @Test
    void postgres_runs_with_durable_settings_and_both_servers_keep_their_data_across_a_restart() throws Exception {
        int[] ports = FreePorts.take(3);
        Path logs = Files.createDirectories(home.resolve("logs"));
        Path metaProperties = home.resolve("kafka/meta.properties");

        long postmaster;
        String clusterId;
        try (DurablePostgres postgres = start(ports[0], logs);
             KafkaBroker kafka = KafkaBroker.start(home.resolve("kafka"), ports[1], ports[2])) {
            assertThat(kafka.newlyFormatted()).isTrue();
            try (Connection connection = connect(postgres); Statement sql = connection.createStatement()) {
                for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                    assertThat(single(sql, "SHOW " + setting)).as(setting).isEqualTo("on");
                }
                assertThat(single(sql, "SHOW listen_addresses")).isEqualTo("localhost");
                sql.execute("CREATE TABLE kept (note text)");
                sql.execute("INSERT INTO kept VALUES ('written before the restart')");
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(TOPIC, "device-1", "sent before the restart")).get();
            }
            postmaster = postgres.postmasterPid().orElseThrow();
            clusterId = Files.readString(metaProperties);
        }

        assertThat(ProcessHandle.of(postmaster).filter(Processes::isRunning))
                .as("the PostgreSQL server process is gone after close").isEmpty();

        try (DurablePostgres postgres = start(ports[0], logs);
             KafkaBroker kafka = KafkaBroker.start(home.resolve("kafka"), ports[1], ports[2])) {
            assertThat(kafka.newlyFormatted()).isFalse();
            assertThat(Files.readString(metaProperties)).as("same cluster id and node").isEqualTo(clusterId);
            try (Connection connection = connect(postgres); Statement sql = connection.createStatement()) {
                assertThat(single(sql, "SELECT note FROM kept")).isEqualTo("written before the restart");
            }
            assertThat(kafka.topicCount()).isEqualTo(1);
            assertThat(readAll(kafka)).containsExactly("sent before the restart");
        }
    }

    private DurablePostgres start(int port, Path logs) throws Exception {
        return DurablePostgres.start(home.resolve("postgres"), port, logs.resolve("postgres.log"), Duration.ofSeconds(60));
    }

    private static Connection connect(DurablePostgres postgres) throws Exception {
        return DriverManager.getConnection(postgres.jdbcUrl(), DurablePostgres.USER, DurablePostgres.PASSWORD);
    }

    private static String single(Statement sql, String query) throws Exception {
        try (ResultSet rs = sql.executeQuery(query)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static List<String> readAll(KafkaBroker kafka) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return !values.isEmpty();
            });
        }
        return values;
    }
}
