package io.telemetra.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import io.telemetra.security.HmacJwtDecoders;
import io.telemetra.security.TelemetraSecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real MQTT 3.1.1 broker (Moquette) in this JVM with Telemetra's identity rules ({@link DeviceAuthenticator},
 * {@link DeviceTopicPolicy}) and persistent sessions: subscriptions, and the messages queued for a client with a
 * persistent session (the bridge's, while it is away), are kept in {@code dataDirectory} across restarts. The broker
 * commits that store every second and when it stops; messages it holds in memory between two commits, and those it has
 * sent a client that has not acknowledged them yet, are lost if its process is killed.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMqttBroker.class);

    /**
     * @param host            the interface to listen on
     * @param port            the MQTT port (plain TCP); not 0: Moquette reports an ephemeral port only some time after
     *                        it has started
     * @param dataDirectory   where sessions, subscriptions and queued messages are kept
     * @param tokens          how device tokens are validated: the services' settings
     * @param serviceUsername the bridge's username; client ids beginning with it are the bridge's
     * @param servicePassword the bridge's password
     * @param maxMessageBytes larger messages are refused (the connection is closed)
     */
    public record Settings(String host, int port, Path dataDirectory, TelemetraSecurityProperties.Jwt tokens,
                           String serviceUsername, String servicePassword, int maxMessageBytes) {
        public Settings {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("the MQTT port must be between 1 and 65535, not " + port);
            }
            if (serviceUsername == null || serviceUsername.isBlank() || servicePassword == null
                    || servicePassword.isBlank()) {
                throw new IllegalArgumentException("the MQTT broker needs the service principal's username and password");
            }
        }
    }

    private final Server server;
    private final ExecutorService disconnects;
    private final Settings settings;

    private EmbeddedMqttBroker(Server server, ExecutorService disconnects, Settings settings) {
        this.server = server;
        this.disconnects = disconnects;
        this.settings = settings;
    }

    public static EmbeddedMqttBroker start(Settings settings) throws IOException {
        Files.createDirectories(settings.dataDirectory());
        Server server = new Server();
        ExecutorService disconnects = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mqtt-refused-clients");
            thread.setDaemon(true);
            return thread;
        });
        DeviceTopicPolicy policy = new DeviceTopicPolicy(settings.serviceUsername(),
                client -> disconnects.execute(() -> disconnect(server, client)));
        DeviceAuthenticator authenticator = new DeviceAuthenticator(HmacJwtDecoders.create(settings.tokens()),
                settings.tokens(), settings.serviceUsername(), settings.servicePassword());
        try {
            server.startServer(config(settings), List.of(), null, authenticator, policy);
        } catch (IOException | RuntimeException e) {
            disconnects.shutdownNow();
            server.stopServer();
            throw e;
        }
        log.info("MQTT broker listening on {}:{}, data in {}", settings.host(), settings.port(),
                settings.dataDirectory());
        return new EmbeddedMqttBroker(server, disconnects, settings);
    }

    private static IConfig config(Settings settings) {
        Properties properties = new Properties();
        properties.setProperty(IConfig.HOST_PROPERTY_NAME, settings.host());
        properties.setProperty(IConfig.PORT_PROPERTY_NAME, String.valueOf(settings.port()));
        properties.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, "disabled");
        properties.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "false");
        properties.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
        properties.setProperty(IConfig.DATA_PATH_PROPERTY_NAME, settings.dataDirectory().toString());
        // Queues in the same store as the sessions, committed every second (the default is 30 s), rather than
        // memory-mapped 64 MB pages.
        properties.setProperty(IConfig.PERSISTENT_QUEUE_TYPE_PROPERTY_NAME, "h2");
        properties.setProperty("autosave_interval", "1");
        properties.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, String.valueOf(settings.maxMessageBytes()));
        // Moquette otherwise reports its start to an outside host.
        properties.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        return new MemoryConfig(properties);
    }

    private static void disconnect(Server server, String clientId) {
        try {
            server.disconnectClient(clientId);
        } catch (RuntimeException e) {
            log.debug("MQTT client '{}' was gone already: {}", clientId, e.toString());
        }
    }

    public int port() {
        return settings.port();
    }

    /** The URL clients connect to, e.g. {@code tcp://localhost:11883}. */
    public String url() {
        return "tcp://" + settings.host() + ":" + port();
    }

    public Settings settings() {
        return settings;
    }

    /** Closes every connection, then commits and closes the store: clients with persistent sessions resume later. */
    @Override
    public void close() {
        server.stopServer();
        disconnects.shutdown();
        try {
            disconnects.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("MQTT broker stopped");
    }
}
