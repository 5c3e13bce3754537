package io.telemetra.mqtt;

import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import io.telemetra.api.mqtt.MqttTopics;
import io.telemetra.api.mqtt.MqttTopics.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * What each client may do once connected: the service principal anything; a device (its username is its device id,
 * see {@link DeviceAuthenticator}) may publish only its own readings and answers
 * ({@code telemetra/devices/<own id>/readings}, {@code .../commands/<id>/ack}) and subscribe only to its own commands
 * ({@code telemetra/devices/<own id>/commands}, no wildcards). A refusal is logged; a refused publish also closes the
 * device's connection, MQTT 3.1.1's way of saying no to a PUBLISH (it has no negative acknowledgement), so that the
 * device does not wait for an acknowledgement that never comes. A refused subscription is answered with a failure
 * code.
 */
final class DeviceTopicPolicy implements IAuthorizatorPolicy {

    private static final Logger log = LoggerFactory.getLogger(DeviceTopicPolicy.class);

    private final String serviceUsername;
    private final Consumer<String> disconnect;

    /** @param disconnect closes a client's connection, by client id, without blocking the caller */
    DeviceTopicPolicy(String serviceUsername, Consumer<String> disconnect) {
        this.serviceUsername = serviceUsername;
        this.disconnect = disconnect;
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        if (serviceUsername.equals(user)) {
            return true;
        }
        boolean allowed = MqttTopics.parse(topic.toString())
                .filter(target -> target.deviceId().equals(user))
                .filter(target -> target.kind() == Kind.READINGS || target.kind() == Kind.ACK)
                .isPresent();
        if (!allowed) {
            log.warn("MQTT publish refused: device '{}' (client '{}') may not publish on '{}'; closing its connection",
                    user, client, topic);
            disconnect.accept(client);
        }
        return allowed;
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        if (serviceUsername.equals(user)) {
            return true;
        }
        boolean allowed = MqttTopics.parse(topic.toString())
                .filter(target -> target.deviceId().equals(user) && target.kind() == Kind.COMMANDS)
                .isPresent();
        if (!allowed) {
            log.warn("MQTT subscription refused: device '{}' (client '{}') may not subscribe to '{}'", user, client,
                    topic);
        }
        return allowed;
    }
}
