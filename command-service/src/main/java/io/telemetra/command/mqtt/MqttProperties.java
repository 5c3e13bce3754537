package io.telemetra.command.mqtt;

import io.telemetra.command.device.Device;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * The MQTT bridge: an MQTT client of the broker devices talk to, with a persistent session.
 *
 * @param enabled        whether this instance runs the bridge
 * @param url            the broker, e.g. {@code tcp://localhost:1883} or {@code ssl://broker:8883}
 * @param clientId       the bridge's client id: stable across restarts (its session, subscriptions and the messages
 *                       queued while it was away belong to it), and different for each instance
 * @param username       the bridge's username at the broker (the service principal)
 * @param password       its password; from the environment only ({@code TELEMETRA_MQTT_PASSWORD})
 * @param sharedGroup    when set, the bridge subscribes as a member of this shared subscription
 *                       ({@code $share/<group>/...}), so that several instances split the devices' messages between
 *                       them; needs a broker that supports it (Mosquitto, EMQX, HiveMQ; not Moquette 0.17)
 * @param maxBatch       messages stored in one transaction at most; at most what a device remembers
 *                       ({@link Device#REMEMBERED_READING_IDS}), so that a batch delivered again is recognised whole
 * @param maxMessageSize a larger readings payload is dead-lettered unread ({@code PAYLOAD_TOO_LARGE})
 * @param keepAlive      MQTT keep-alive interval
 * @param retryInitial   first pause before a batch that could not be stored (database down) is tried again, and before
 *                       a connection is tried again
 * @param retryMax       longest such pause; retries go on until the batch is stored or the bridge stops
 */
@ConfigurationProperties("telemetra.mqtt")
public record MqttProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("tcp://localhost:1883") String url,
        @DefaultValue("telemetra-bridge") String clientId,
        @DefaultValue("telemetra-bridge") String username,
        String password,
        String sharedGroup,
        @DefaultValue("500") int maxBatch,
        @DefaultValue("1MB") DataSize maxMessageSize,
        @DefaultValue("30s") Duration keepAlive,
        @DefaultValue("500ms") Duration retryInitial,
        @DefaultValue("30s") Duration retryMax) {

    public MqttProperties {
        if (maxBatch < 1 || maxMessageSize.toBytes() < 1 || keepAlive.isNegative() || retryInitial.isNegative()
                || retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException("telemetra.mqtt settings must be positive");
        }
        if (maxBatch > Device.REMEMBERED_READING_IDS) {
            throw new IllegalArgumentException("telemetra.mqtt.max-batch must not exceed "
                    + Device.REMEMBERED_READING_IDS + ", the reading ids a device remembers");
        }
    }

    /** The subscription filter for {@code topic}, in the shared group when there is one. */
    String filter(String topic) {
        return sharedGroup == null || sharedGroup.isBlank() ? topic : "$share/" + sharedGroup + "/" + topic;
    }
}
