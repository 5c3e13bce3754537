package io.telemetra.command.eventstore;

import io.telemetra.command.IntegrationTestBase;
import io.telemetra.command.device.Device;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventStoreIT extends IntegrationTestBase {

    @Autowired
    @Qualifier("deviceCache")
    private Cache deviceCache;

    @Test
    void everySerializedColumnIsByteaNotALargeObject() {
        List<Map<String, Object>> columns = jdbc.queryForList("""
                select table_name, column_name, data_type from information_schema.columns
                where table_schema = 'eventstore'
                  and column_name in ('payload', 'meta_data', 'token', 'serialized_saga', 'diagnostics')
                  -- a partition has its table's columns
                  and table_name not in (select relname from pg_class where relispartition)""");

        assertThat(columns).hasSize(10).allSatisfy(column -> assertThat(column.get("data_type")).isEqualTo("bytea"));
    }

    @Test
    void globalIndexesAreDrawnByTheDatabaseAtInsert() {
        assertThat(jdbc.queryForObject("""
                select column_default from information_schema.columns
                where table_schema = 'eventstore' and table_name = 'domain_event_entry'
                  and column_name = 'global_index'""", String.class))
                .isEqualTo("nextval('domain_event_entry_seq'::regclass)");
    }

    @Test
    void theTrackingTokenOfThePublisherIsReadableJson() {
        register(newDeviceId());

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("""
                select count(*) > 0 and count(*) = count(*) filter (
                    where convert_from(token, 'UTF8')::jsonb ->> 'index' is not null)
                from token_entry
                where processor_name = 'kafka-publisher'""", Boolean.class));
    }

    /**
     * Evicted from the cache, the device is rebuilt from its snapshot alone (the events it covers are deleted here to
     * prove it): still online, so the next reading brings no second DeviceCameOnline.
     */
    @Test
    void aLongStreamIsSnapshottedAndLoadedFromItsSnapshot() {
        String deviceId = newDeviceId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        register(deviceId);
        String batch = "[" + String.join(",", IntStream.range(0, 600)
                .mapToObj(i -> reading("temperature", i, now.minusMillis(600 - i))).toList()) + "]";
        assertThat(post("/api/devices/" + deviceId + "/readings", batch).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("""
                select count(*) from snapshot_event_entry where aggregate_identifier = ?""", Long.class, deviceId) == 1);
        assertThat(jdbc.queryForMap("""
                select sequence_number, payload_revision,
                       convert_from(payload, 'UTF8')::jsonb ->> 'deviceId' as device,
                       (convert_from(payload, 'UTF8')::jsonb ->> 'online')::boolean as online
                from snapshot_event_entry where aggregate_identifier = ?""", deviceId))
                .containsEntry("sequence_number", 601L)
                .containsEntry("payload_revision", Device.SNAPSHOT_REVISION)
                .containsEntry("device", deviceId)
                .containsEntry("online", true);

        jdbc.update("delete from domain_event_entry where aggregate_identifier = ? and sequence_number <= 601", deviceId);
        deviceCache.remove(deviceId);
        assertThat(post("/api/devices/" + deviceId + "/readings", reading("temperature", 1, now)).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        assertThat(jdbc.queryForList("""
                select payload_type from domain_event_entry where aggregate_identifier = ?""", String.class, deviceId))
                .isEqualTo(Collections.singletonList("io.telemetra.api.telemetry.ReadingRecordedEvent"));
        assertThat(json(post("/api/devices/" + deviceId + "/readings", reading("temperature", 599, now.minusMillis(1)))
                .getBody()).path("duplicates").asInt()).as("the snapshot remembers the recorded readings").isEqualTo(1);
        assertThat(post("/api/devices/" + deviceId + "/readings", reading("temperature", 5, now.minusMillis(1)))
                .getStatusCode()).as("and what they said").isEqualTo(HttpStatus.CONFLICT);
    }
}
