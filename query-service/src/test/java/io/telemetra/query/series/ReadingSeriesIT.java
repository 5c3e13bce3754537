package io.telemetra.query.series;

import com.jayway.jsonpath.JsonPath;
import io.telemetra.query.support.Api;
import io.telemetra.query.support.QueryServiceIntegrationTest;
import io.telemetra.query.support.ReadModelRows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.telemetra.query.support.Problems.assertValidationProblem;
import static org.assertj.core.api.Assertions.assertThat;

@QueryServiceIntegrationTest
class ReadingSeriesIT {

    private static final Instant H12 = Instant.parse("2026-03-01T12:00:00Z");

    @Autowired
    Api api;
    @Autowired
    ReadModelRows rows;
    @Autowired
    DataSource dataSource;

    private String deviceId;

    @BeforeEach
    void device() {
        deviceId = "dev-" + UUID.randomUUID();
        rows.device(deviceId, "thermostat", "T", "plant-1", "ONLINE", H12, H12);
    }

    @Test
    void rawReadingsAreServedAsPointsInTimeOrderWithinTheHalfOpenRange() throws Exception {
        rows.raw(deviceId, "temperature", 3.0, H12.plusSeconds(20));
        rows.raw(deviceId, "temperature", 1.0, H12);
        rows.raw(deviceId, "temperature", 2.0, H12.plusMillis(10_500));
        rows.raw(deviceId, "temperature", 4.0, H12.plusSeconds(60));
        rows.raw(deviceId, "humidity", 40.0, H12.plusSeconds(5));

        ResponseEntity<String> response = api.get("/api/devices/{id}/readings?metric=temperature"
                + "&from=2026-03-01T12:00:00Z&to=2026-03-01T12:01:00Z&resolution=raw", deviceId);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JSONAssert.assertEquals("""
                [{"timestamp": "2026-03-01T12:00:00Z", "value": 1.0},
                 {"timestamp": "2026-03-01T12:00:10.500Z", "value": 2.0},
                 {"timestamp": "2026-03-01T12:00:20Z", "value": 3.0}]""", response.getBody(), JSONCompareMode.STRICT);
    }

    /**
     * The raw series' key is its read order, so a range is one index scan in the order it is served: every stored
     * reading goes into that one B-tree instead of a key and a separate series index.
     */
    @Test
    void aRawRangeIsReadFromTheKeyInItsOrderWithoutASort() throws SQLException {
        rows.rawSeries(deviceId, "temperature", H12, 100);
        List<String> plan = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement settings = connection.createStatement();
                 PreparedStatement explain = connection.prepareStatement("explain " + ReadingSeriesReadModel.RAW)) {
                // A few rows would be read by a sequential scan and sorted; what is asked is whether an index serves.
                settings.execute("set local enable_seqscan = off");
                settings.execute("set local enable_bitmapscan = off");
                explain.setString(1, deviceId);
                explain.setString(2, "temperature");
                explain.setObject(3, OffsetDateTime.ofInstant(H12, ZoneOffset.UTC));
                explain.setObject(4, OffsetDateTime.ofInstant(H12.plusSeconds(60), ZoneOffset.UTC));
                explain.setInt(5, 1001);
                try (ResultSet lines = explain.executeQuery()) {
                    while (lines.next()) {
                        plan.add(lines.getString(1));
                    }
                }
            } finally {
                connection.rollback();
            }
        }

        assertThat(plan).anyMatch(line -> line.matches(".*Index Scan using reading_\\w+_pkey on .*"))
                .noneMatch(line -> line.contains("Sort"));
    }

    @Test
    void minuteWindowsStartingInTheRangeAreServedWithTheirMean() throws Exception {
        rows.window("reading_window_1m", deviceId, "temperature", H12, 4, 1.0, 7.0, 10.0);
        rows.window("reading_window_1m", deviceId, "temperature", H12.plusSeconds(60), 1, 5.0, 5.0, 5.0);
        rows.window("reading_window_1m", deviceId, "temperature", H12.plusSeconds(120), 1, 9.0, 9.0, 9.0);

        ResponseEntity<String> response = api.get("/api/devices/{id}/readings?metric=temperature"
                + "&from=2026-03-01T12:00:00Z&to=2026-03-01T12:02:00Z&resolution=1m", deviceId);

        JSONAssert.assertEquals("""
                [{"windowStart": "2026-03-01T12:00:00Z", "count": 4, "min": 1.0, "max": 7.0, "mean": 2.5},
                 {"windowStart": "2026-03-01T12:01:00Z", "count": 1, "min": 5.0, "max": 5.0, "mean": 5.0}]""",
                response.getBody(), JSONCompareMode.STRICT);
    }

    @Test
    void hourWindowsDefaultToTheLastSevenDays() {
        Instant thisHour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        rows.window("reading_window_1h", deviceId, "temperature", thisHour.minus(Duration.ofDays(8)), 1, 1, 1, 1);
        rows.window("reading_window_1h", deviceId, "temperature", thisHour.minus(Duration.ofDays(6)), 2, 1, 3, 4);
        rows.window("reading_window_1h", deviceId, "temperature", thisHour, 1, 6, 6, 6);

        ResponseEntity<String> response = api.get("/api/devices/{id}/readings?metric=temperature&resolution=1H",
                deviceId);

        List<Double> means = JsonPath.read(response.getBody(), "$[*].mean");
        assertThat(means).containsExactly(2.0, 6.0);
    }

    /**
     * An hour not rolled up yet is answered from its 1-minute windows, whatever its 1-hour windows hold then; a rolled-up
     * one, or one whose 1-minute windows are past their retention, from its 1-hour windows. Hours of their own, as
     * marks are per hour for every device.
     */
    @Test
    void hourWindowsOfPendingHoursAreAnsweredFromTheirMinuteWindowsInTheSameAnswer() throws Exception {
        Instant rolled = Instant.parse("2026-02-01T05:00:00Z");
        Instant pending = rolled.plus(Duration.ofHours(1));
        Instant pendingNew = rolled.plus(Duration.ofHours(2));
        Instant old = rolled.minus(Duration.ofHours(1));
        rows.window("reading_window_1h", deviceId, "temperature", old, 2, 1.0, 3.0, 4.0);
        rows.window("reading_window_1h", deviceId, "temperature", rolled, 2, 5.0, 7.0, 12.0);
        rows.window("reading_window_1m", deviceId, "temperature", rolled, 1, 5.0, 5.0, 5.0);
        rows.window("reading_window_1m", deviceId, "temperature", rolled.plusSeconds(60), 1, 7.0, 7.0, 7.0);
        rows.window("reading_window_1h", deviceId, "temperature", pending, 1, 2.0, 2.0, 2.0);
        rows.window("reading_window_1m", deviceId, "temperature", pending, 1, 2.0, 2.0, 2.0);
        rows.window("reading_window_1m", deviceId, "temperature", pending.plusSeconds(2400), 2, 1.0, 9.0, 10.0);
        rows.window("reading_window_1m", deviceId, "humidity", pending, 1, 50.0, 50.0, 50.0);
        rows.window("reading_window_1m", deviceId, "temperature", pendingNew.plusSeconds(3540), 1, 3.0, 3.0, 3.0);
        rows.pendingHour(pending, 3);
        rows.pendingHour(pending, 7);
        rows.pendingHour(pendingNew, 3);

        ResponseEntity<String> response = api.get("/api/devices/{id}/readings?metric=temperature"
                + "&from=2026-02-01T04:00:00Z&to=2026-02-01T08:00:00Z&resolution=1h", deviceId);
        ResponseEntity<String> fromMidHour = api.get("/api/devices/{id}/readings?metric=temperature"
                + "&from=2026-02-01T06:30:00Z&to=2026-02-01T07:00:01Z&resolution=1h", deviceId);

        JSONAssert.assertEquals("""
                [{"windowStart": "2026-02-01T04:00:00Z", "count": 2, "min": 1.0, "max": 3.0, "mean": 2.0},
                 {"windowStart": "2026-02-01T05:00:00Z", "count": 2, "min": 5.0, "max": 7.0, "mean": 6.0},
                 {"windowStart": "2026-02-01T06:00:00Z", "count": 3, "min": 1.0, "max": 9.0, "mean": 4.0},
                 {"windowStart": "2026-02-01T07:00:00Z", "count": 1, "min": 3.0, "max": 3.0, "mean": 3.0}]""",
                response.getBody(), JSONCompareMode.STRICT);
        JSONAssert.assertEquals("""
                [{"windowStart": "2026-02-01T07:00:00Z", "count": 1, "min": 3.0, "max": 3.0, "mean": 3.0}]""",
                fromMidHour.getBody(), JSONCompareMode.STRICT);
    }

    @Test
    void rawReadingsDefaultToTheLastHour() {
        Instant now = Instant.now();
        rows.raw(deviceId, "temperature", 1.0, now.minus(Duration.ofMinutes(61)));
        rows.raw(deviceId, "temperature", 2.0, now.minus(Duration.ofMinutes(30)));

        List<Double> values = JsonPath.read(api.get("/api/devices/{id}/readings?metric=temperature", deviceId)
                .getBody(), "$[*].value");

        assertThat(values).containsExactly(2.0);
    }

    @Test
    void aDeviceWithoutReadingsHasAnEmptySeriesAndAnUnknownDeviceIsA404() {
        ResponseEntity<String> empty = api.get("/api/devices/{id}/readings?metric=temperature", deviceId);
        ResponseEntity<String> unknown = api.get("/api/devices/{id}/readings?metric=temperature", "no-such-device");

        assertThat(empty.getBody()).isEqualTo("[]");
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(JsonPath.<String>read(unknown.getBody(), "$.code")).isEqualTo("DEVICE_NOT_FOUND");
    }

    @ParameterizedTest(name = "{0}: a 400 naming {1}")
    @CsvSource(delimiter = ';', value = {
            "resolution=raw; metric",
            "metric=; metric",
            "metric=temperature&resolution=5m; resolution",
            "metric=temperature&from=yesterday; from",
            "metric=temperature&to=2026-13-01T00:00:00Z; to",
            "metric=temperature&from=2026-03-01T12:00:00Z&to=2026-03-01T12:00:00Z; from",
            "metric=temperature&from=2026-03-01T13:00:00Z&to=2026-03-01T12:00:00Z; from",
            "metric=temperature&from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:01Z&resolution=raw; from",
            "metric=temperature&from=2026-03-01T00:00:00Z&to=2026-03-08T00:00:00Z&resolution=1m; from",
            "metric=temperature&from=2025-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&resolution=1h; from"})
    void aBadRangeOrParameterIsA400ProblemNamingIt(String query, String parameter) {
        ResponseEntity<String> response = api.get("/api/devices/{id}/readings?" + query, deviceId);

        assertValidationProblem(response, parameter);
    }

    @Test
    void aRangeHoldingMoreRawReadingsThanThePointLimitIsA400() {
        rows.rawSeries(deviceId, "temperature", H12, 10_001);

        ResponseEntity<String> tooMany = api.get("/api/devices/{id}/readings?metric=temperature"
                + "&from=2026-03-01T12:00:00Z&to=2026-03-01T15:00:00Z", deviceId);
        ResponseEntity<String> atTheLimit = api.get("/api/devices/{id}/readings?metric=temperature"
                + "&from=2026-03-01T12:00:01Z&to=2026-03-01T15:00:00Z", deviceId);

        assertThat(tooMany.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(JsonPath.<String>read(tooMany.getBody(), "$.field")).isEqualTo("from");
        assertThat(JsonPath.<String>read(tooMany.getBody(), "$.detail")).contains("more than 10000 raw readings");
        assertThat(JsonPath.<List<?>>read(atTheLimit.getBody(), "$")).hasSize(10_000);
    }
}
