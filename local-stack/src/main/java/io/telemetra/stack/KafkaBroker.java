package io.telemetra.stack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one server) running in this JVM, with a log
 * directory that survives restarts: storage is formatted once, which persists the cluster id in
 * {@code meta.properties}; later starts reuse it with all topics and records.
 */
final class KafkaBroker implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String META_PROPERTIES = "meta.properties";

    private final KafkaRaftServer server;
    private final int port;
    private final boolean formatted;

    private KafkaBroker(KafkaRaftServer server, int port, boolean formatted) {
        this.server = server;
        this.port = port;
        this.formatted = formatted;
    }

    static KafkaBroker start(Path logDirectory, int port, int controllerPort) throws Exception {
        return start(logDirectory, port, controllerPort, port);
    }

    /**
     * @param advertisedPort the port clients are told to connect to: {@code port}, or that of a proxy in front of the
     *                       broker (the fault tests cut the broker off that way)
     */
    static KafkaBroker start(Path logDirectory, int port, int controllerPort, int advertisedPort) throws Exception {
        Files.createDirectories(logDirectory);
        KafkaConfig config = new KafkaConfig(properties(logDirectory, port, controllerPort, advertisedPort), false);
        boolean formatted = formatOnce(logDirectory);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup(); // returns once the broker has caught up with the metadata log and is unfenced
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
        return new KafkaBroker(server, port, formatted);
    }

    private static Properties properties(Path logDirectory, int port, int controllerPort, int advertisedPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        props.put("listeners", "PLAINTEXT://localhost:" + port + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + advertisedPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDirectory.toString());
        // one node: every internal topic with a single replica
        props.put("num.partitions", "6");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "12");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "6");
        props.put("auto.create.topics.enable", "true");
        // consumer groups form at once instead of waiting for more members that never come
        props.put("group.initial.rebalance.delay.ms", "0");
        return props;
    }

    /** @return true when the directory was empty and has just been formatted with a new cluster id */
    private static boolean formatOnce(Path logDirectory) throws Exception {
        if (Files.exists(logDirectory.resolve(META_PROPERTIES))) {
            return false;
        }
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(logDirectory.toString())
                .addDirectory(logDirectory.toString())
                .run();
        return true;
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    int port() {
        return port;
    }

    boolean newlyFormatted() {
        return formatted;
    }

    /** The topics the broker holds, internal ones excluded: proves it answers clients. */
    int topicCount() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            return admin.listTopics().names().get(15, TimeUnit.SECONDS).size();
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
