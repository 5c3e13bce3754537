package io.telemetra.mqtt;

import io.moquette.broker.security.IAuthenticator;
import io.telemetra.security.Caller;
import io.telemetra.security.TelemetraSecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may connect: the bridge, as the service principal with its password, and devices, each with its device token.
 * A device connects with username = its device id, password = a token valid for the services (same secret, issuer and
 * expiry rules, see {@code HmacJwtDecoders}) that has the device role and names that device, and client id = its device
 * id, so that it can neither take over another client's session (the bridge's included) nor speak for another device.
 * Every refusal is logged with the reason, never with the password.
 */
final class DeviceAuthenticator implements IAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(DeviceAuthenticator.class);

    private final JwtDecoder tokens;
    private final TelemetraSecurityProperties.Jwt tokenSettings;
    private final String serviceUsername;
    private final byte[] servicePassword;

    DeviceAuthenticator(JwtDecoder tokens, TelemetraSecurityProperties.Jwt tokenSettings, String serviceUsername,
                        String servicePassword) {
        this.tokens = tokens;
        this.tokenSettings = tokenSettings;
        this.serviceUsername = serviceUsername;
        this.servicePassword = servicePassword.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        Optional<String> refusal = refusal(clientId, username, password);
        if (refusal.isPresent()) {
            log.warn("MQTT connection refused: client '{}', user '{}': {}", clientId, username, refusal.get());
            return false;
        }
        log.debug("MQTT client '{}' connected as '{}'", clientId, username);
        return true;
    }

    /** Why the connection is refused, or empty when it is allowed. */
    Optional<String> refusal(String clientId, String username, byte[] password) {
        if (username == null || username.isEmpty() || password == null || password.length == 0) {
            return Optional.of("a username and a password are required");
        }
        if (username.equals(serviceUsername)) {
            if (!MessageDigest.isEqual(password, servicePassword)) {
                return Optional.of("wrong password for the service principal");
            }
            return clientId != null && clientId.startsWith(serviceUsername) ? Optional.empty()
                    : Optional.of("the service principal's client ids begin with '" + serviceUsername + "'");
        }
        if (username.startsWith(serviceUsername)) {
            return Optional.of("usernames beginning with '" + serviceUsername + "' are reserved for the service");
        }
        if (!username.equals(clientId)) {
            return Optional.of("a device's client id must be its device id, the username");
        }
        Caller caller;
        try {
            caller = Caller.of(tokens.decode(new String(password, StandardCharsets.UTF_8)), tokenSettings);
        } catch (JwtException e) {
            return Optional.of("the password is not a valid token: " + e.getMessage());
        }
        if (!caller.mayActFor(username)) {
            return Optional.of("the token is not a device token of device '" + username + "'");
        }
        return Optional.empty();
    }
}
