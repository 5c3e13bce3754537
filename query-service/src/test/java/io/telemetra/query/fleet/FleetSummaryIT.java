package io.telemetra.query.fleet;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.telemetra.query.support.Api;
import io.telemetra.query.support.QueryServiceIntegrationTest;
import io.telemetra.query.support.ReadModelRows;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@QueryServiceIntegrationTest
class FleetSummaryIT {

    @Autowired
    Api api;
    @Autowired
    ReadModelRows rows;

    @Test
    void theSummaryCountsDevicesByStatusAndTheReadingsOfTheLastMinute() {
        DocumentContext before = summary();
        Instant now = Instant.now();
        String online = device("ONLINE");
        device("ONLINE");
        device("OFFLINE");
        device("DECOMMISSIONED");
        rows.raw(online, "temperature", 1.0, now.minusSeconds(20));
        rows.raw(online, "humidity", 2.0, now.minusSeconds(10));
        rows.raw(online, "temperature", 3.0, now.minus(Duration.ofMinutes(5)));

        DocumentContext after = summary();

        assertThat(delta(before, after, "$.devices")).isEqualTo(4);
        assertThat(delta(before, after, "$.devicesByStatus.ONLINE")).isEqualTo(2);
        assertThat(delta(before, after, "$.devicesByStatus.OFFLINE")).isEqualTo(1);
        assertThat(delta(before, after, "$.devicesByStatus.DECOMMISSIONED")).isEqualTo(1);
        assertThat(delta(before, after, "$.devicesByStatus.REGISTERED")).isZero();
        assertThat(delta(before, after, "$.readingsLastMinute")).isEqualTo(2);
        assertThat(delta(before, after, "$.openAlerts")).isZero();
        assertThat(delta(before, after, "$.escalatedAlerts")).isZero();
        assertThat(after.<Map<String, Object>>read("$.devicesByStatus"))
                .containsOnlyKeys("REGISTERED", "ONLINE", "OFFLINE", "DECOMMISSIONED");
        assertThat(Instant.parse(after.read("$.asOf"))).isAfterOrEqualTo(now);
    }

    @Test
    void theSummaryCountsTheAlertsNotResolvedAndThoseOfThemThatWereEscalated() {
        DocumentContext before = summary();
        Instant now = Instant.now();
        String deviceId = device("ONLINE");
        rows.alert(deviceId, "open", "temperature", "CRITICAL", "OPEN", now, null, 1);
        rows.alert(deviceId, "escalated", "pressure", "WARNING", "ESCALATED", now, now.plusSeconds(60), 2);
        rows.alert(deviceId, "acknowledged-after-escalation", "humidity", "INFO", "ACKNOWLEDGED", now,
                now.plusSeconds(60), 3);
        rows.alert(deviceId, "resolved", "power", "CRITICAL", "RESOLVED", now, now.plusSeconds(60), 4);

        DocumentContext after = summary();

        assertThat(delta(before, after, "$.openAlerts")).isEqualTo(3);
        assertThat(delta(before, after, "$.escalatedAlerts")).isEqualTo(2);
    }

    private String device(String status) {
        String deviceId = "dev-" + UUID.randomUUID();
        rows.device(deviceId, "thermostat", "T", "plant-1", status, Instant.now(), null);
        return deviceId;
    }

    private DocumentContext summary() {
        ResponseEntity<String> response = api.get("/api/fleet/summary");
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return JsonPath.parse(response.getBody());
    }

    private static long delta(DocumentContext before, DocumentContext after, String path) {
        return after.<Number>read(path).longValue() - before.<Number>read(path).longValue();
    }
}
