package io.telemetra.load;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RawCeilingTest {

    @Test
    void payloadsAreJsonOfExactlyTheConfiguredSize() {
        byte[] payload = RawCeiling.payload("raw-0001", 123_456, Instant.parse("2026-11-24T10:00:00.123Z"));
        String json = new String(payload, StandardCharsets.UTF_8);

        assertThat(payload).hasSize(RawCeiling.PAYLOAD_BYTES);
        assertThat(json).startsWith("{\"deviceId\":\"raw-0001\",\"readingId\":\"raw-123456\"").endsWith("\"}");
    }

    @Test
    void durableOnlyWhenEverySettingIsOn() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("fsync", "on");
        settings.put("synchronous_commit", "on");
        settings.put("full_page_writes", "on");
        assertThat(RawCeiling.durable(settings)).isTrue();

        settings.put("synchronous_commit", "off");
        assertThat(RawCeiling.durable(settings)).isFalse();
        settings.remove("synchronous_commit");
        assertThat(RawCeiling.durable(settings)).isFalse();
    }
}
