#!/bin/sh
# Writes the bridge's credentials into the password file kept in the data volume (devices added with
# mosquitto_passwd stay there too), then runs Mosquitto.
set -eu
passwords=/mosquitto/data/passwd
: "${TELEMETRA_MQTT_PASSWORD:?set TELEMETRA_MQTT_PASSWORD, the bridge's password}"
touch "$passwords"
chmod 0700 "$passwords"
mosquitto_passwd -b "$passwords" telemetra-bridge "$TELEMETRA_MQTT_PASSWORD"
chown -R mosquitto:mosquitto /mosquitto/data
exec /usr/sbin/mosquitto -c /telemetra/mosquitto.conf
