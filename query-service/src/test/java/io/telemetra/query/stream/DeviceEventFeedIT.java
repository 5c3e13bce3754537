package io.telemetra.query.stream;

import io.telemetra.api.kafka.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * On a fresh stack query-service may start before command-service has created {@code telemetra.device-events}: the
 * feed must wait for the topic rather than follow no partition at all.
 */
class DeviceEventFeedIT {

    private final EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
    private DeviceEventFeed feed;

    @AfterEach
    void stop() {
        if (feed != null) {
            feed.stop();
        }
        broker.destroy();
    }

    @Test
    void goesLiveOnceTheTopicIsCreated() {
        // As if command-service had not started yet; no consumer may create the topic either.
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        // Nothing is published here, so the feed never reaches the hub or the read models.
        feed = new DeviceEventFeed(new DefaultKafkaConsumerFactory<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString())), null, null, null);
        feed.start();

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> !feed.isLive());

        broker.addTopics(new NewTopic(Topics.DEVICE_EVENTS, 3, (short) 1));
        await().atMost(Duration.ofSeconds(30)).until(feed::isLive);
    }
}
