package io.telemetra.query.stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class StreamHubTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Three clients at most, each at most three messages behind. */
    private final StreamHub hub = new StreamHub(new StreamProperties(Duration.ofSeconds(15), 3, 3,
            Duration.ofMinutes(30), 2), meters);

    @BeforeEach
    void start() {
        hub.start();
    }

    @AfterEach
    void close() {
        hub.stop();
        hub.destroy();
    }

    @Test
    void aClientReceivesItsDevicesMessagesInOrderAndEveryComment() {
        RecordingSink one = new RecordingSink();
        RecordingSink all = new RecordingSink();
        hub.connect("d1", one);
        hub.connect(null, all);

        await().until(() -> all.received().size() == 1);

        hub.publish(StreamMessage.event("d1", "reading", "1"));
        hub.publish(StreamMessage.event("d2", "reading", "2"));
        hub.publish(StreamMessage.event("d1", "device", "3"));
        await().until(() -> all.received().size() == 4);
        hub.heartbeat();

        await().untilAsserted(() -> assertThat(one.received()).containsExactly(":connected", "reading 1",
                "device 3", ":heartbeat"));
        await().untilAsserted(() -> assertThat(all.received()).containsExactly(":connected", "reading 1",
                "reading 2", "device 3", ":heartbeat"));
    }

    @Test
    void aClientThatCannotKeepUpIsDisconnectedWithoutHoldingBackTheOthers() throws InterruptedException {
        CountDownLatch stuck = new CountDownLatch(1);
        RecordingSink slow = new RecordingSink(stuck);
        RecordingSink fast = new RecordingSink();
        hub.connect(null, slow);
        hub.connect(null, fast);
        await().until(() -> slow.sending);

        // The slow client's buffer holds 3 messages; the fast one takes each before the next is published.
        for (int i = 0; i < 5; i++) {
            hub.publish(StreamMessage.event("d1", "reading", String.valueOf(i)));
            int expected = i + 2;
            await().until(() -> fast.received().size() == expected);
        }

        assertThat(slow.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(hub.clientCount()).isEqualTo(1);
        assertThat(meters.counter("telemetra.stream.clients.dropped").count()).isEqualTo(1.0);
        assertThat(fast.received()).containsExactly(":connected", "reading 0", "reading 1", "reading 2",
                "reading 3", "reading 4");
        stuck.countDown();
    }

    @Test
    void aClientWhoseConnectionFailsIsRemoved() throws InterruptedException {
        RecordingSink broken = new RecordingSink();
        broken.failing = true;
        hub.connect(null, broken);

        assertThat(broken.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(hub.clientCount()).isZero();
    }

    @Test
    void clientsBeyondTheLimitAreRefused() {
        for (int i = 0; i < 3; i++) {
            assertThat(hub.connect(null, new RecordingSink())).isPresent();
        }

        assertThat(hub.connect(null, new RecordingSink())).isEmpty();
        assertThat(meters.get("telemetra.stream.clients").gauge().value()).isEqualTo(3.0);
    }

    @Test
    void stoppingEndsEveryStreamAndRefusesNewOnes() throws InterruptedException {
        RecordingSink open = new RecordingSink();
        hub.connect(null, open);

        hub.stop();

        assertThat(open.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(hub.clientCount()).isZero();
        assertThat(hub.connect(null, new RecordingSink())).isEmpty();
    }

    private static final class RecordingSink implements EventSink {

        private final List<String> received = new CopyOnWriteArrayList<>();
        private final CountDownLatch blockOnData;
        private final CountDownLatch closed = new CountDownLatch(1);
        private volatile boolean sending;
        private volatile boolean failing;

        RecordingSink() {
            this(new CountDownLatch(0));
        }

        /** Blocks on every message after the first until the latch opens, as a client whose socket is full. */
        RecordingSink(CountDownLatch blockOnData) {
            this.blockOnData = blockOnData;
        }

        @Override
        public void send(StreamMessage message) throws IOException {
            if (failing) {
                throw new IOException("Broken pipe");
            }
            received.add(message.isComment() ? ":" + message.data() : message.event() + " " + message.data());
            sending = true;
            try {
                blockOnData.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            closed.countDown();
        }

        List<String> received() {
            return received;
        }
    }
}
