package io.telemetra.load;

import io.telemetra.api.telemetry.DeviceReading;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RestSinkTest {

    private static PlannedReading reading(String deviceId, int n) {
        return new PlannedReading(new DeviceReading(deviceId, "r-" + n, "temperature", 20.0, "Cel",
                Instant.EPOCH.plusSeconds(n)), n, false);
    }

    @Test
    void groupsByDeviceKeepingEachDevicesOrder() {
        List<PlannedReading> readings = List.of(reading("a", 1), reading("b", 2), reading("a", 3), reading("c", 4),
                reading("b", 5));

        Map<String, List<PlannedReading>> groups = RestSink.byDevice(readings);

        assertThat(groups.keySet()).containsExactly("a", "b", "c");
        assertThat(groups.get("a")).extracting(r -> r.reading().readingId()).containsExactly("r-1", "r-3");
        assertThat(groups.get("b")).extracting(r -> r.reading().readingId()).containsExactly("r-2", "r-5");
    }

    @Test
    void cutsBatchesAtTheRequestLimitInOrder() {
        List<PlannedReading> readings = new ArrayList<>();
        for (int i = 0; i < 2 * RestSink.MAX_BATCH + 7; i++) {
            readings.add(reading("a", i));
        }

        List<List<PlannedReading>> chunks = RestSink.chunks(readings);

        assertThat(chunks).extracting(List::size).containsExactly(RestSink.MAX_BATCH, RestSink.MAX_BATCH, 7);
        assertThat(chunks.get(1).get(0)).isEqualTo(readings.get(RestSink.MAX_BATCH));
        assertThat(RestSink.chunks(List.of())).isEmpty();
    }
}
