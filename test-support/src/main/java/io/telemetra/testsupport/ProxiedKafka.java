package io.telemetra.testsupport;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;

/**
 * spring-kafka-test's in-process KRaft broker, reachable only through a {@link TcpProxy}: it advertises the proxy's
 * address, so every client (producers, consumers, admin clients, whatever their bootstrap address) connects through
 * the proxy, and {@link #proxy()}{@code .cut()} makes the broker unreachable for all of them while it keeps running.
 */
public final class ProxiedKafka implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;
    private final TcpProxy proxy;

    private ProxiedKafka(EmbeddedKafkaKraftBroker broker, TcpProxy proxy) {
        this.broker = broker;
        this.proxy = proxy;
    }

    public static ProxiedKafka start(int partitions, String... topics) {
        AtomicReference<EmbeddedKafkaKraftBroker> started = new AtomicReference<>();
        // The broker's own port is random and known only once it listens, after the proxy's port went into its
        // configuration: the proxy looks it up at each connection.
        TcpProxy proxy = TcpProxy.start("kafka", () -> listener(started.get().getBrokersAsString()));
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions, topics);
        // KafkaClusterTestKit names the client listener EXTERNAL.
        broker.brokerProperty("advertised.listeners", "EXTERNAL://localhost:" + proxy.port());
        // Not into the system property other test contexts read (spring.kafka.bootstrap-servers).
        broker.brokerListProperty(null);
        started.set(broker);
        try {
            broker.afterPropertiesSet();
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
        return new ProxiedKafka(broker, proxy);
    }

    private static InetSocketAddress listener(String bootstrapServers) {
        String first = bootstrapServers.split(",")[0];
        return new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(first.substring(first.lastIndexOf(':') + 1)));
    }

    /** The proxy's address: where clients bootstrap. */
    public String bootstrapServers() {
        return "localhost:" + proxy.port();
    }

    public TcpProxy proxy() {
        return proxy;
    }

    @Override
    public void close() {
        try {
            broker.destroy();
        } finally {
            proxy.close();
        }
    }
}
