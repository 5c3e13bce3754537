package io.telemetra.query.device;

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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.telemetra.query.support.Problems.assertValidationProblem;
import static org.assertj.core.api.Assertions.assertThat;

@QueryServiceIntegrationTest
class DeviceListIT {

    private static final Instant REGISTERED = Instant.parse("2026-01-10T08:00:00Z");
    private static final Instant SEEN = Instant.parse("2026-03-01T12:00:00Z");

    @Autowired
    Api api;
    @Autowired
    ReadModelRows rows;

    /** A site of its own per test, so that lists are not disturbed by other tests' devices. */
    private String site;

    @BeforeEach
    void fleet() {
        site = "site-" + UUID.randomUUID();
        rows.device(site + "-a", "thermostat", "Alpha", site, "ONLINE", REGISTERED, SEEN.plusSeconds(2));
        rows.device(site + "-b", "meter", "Bravo", site, "OFFLINE", REGISTERED, SEEN.plusSeconds(1));
        rows.device(site + "-c", "thermostat", "Charlie", site, "REGISTERED", REGISTERED, null);
        rows.device(site + "-d", "thermostat", "Delta", site, "ONLINE", REGISTERED, SEEN.plusSeconds(3));
        rows.latest(site + "-a", "temperature", 21.5, "Cel", SEEN);
    }

    @Test
    void aSiteIsListedInTheContractPageShapeWithTheLatestReadings() throws Exception {
        ResponseEntity<String> response = api.get("/api/devices?site={site}&size=2", site);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        JSONAssert.assertEquals("""
                {"content": [
                  {"deviceId": "%1$s-a", "type": "thermostat", "name": "Alpha", "site": "%1$s", "location": null,
                   "metadata": {}, "status": "ONLINE", "registeredAt": "2026-01-10T08:00:00Z",
                   "lastSeen": "2026-03-01T12:00:02Z",
                   "latest": {"temperature": {"value": 21.5, "unit": "Cel", "timestamp": "2026-03-01T12:00:00Z"}},
                   "openAlerts": 0},
                  {"deviceId": "%1$s-b", "type": "meter", "name": "Bravo", "site": "%1$s", "location": null,
                   "metadata": {}, "status": "OFFLINE", "registeredAt": "2026-01-10T08:00:00Z",
                   "lastSeen": "2026-03-01T12:00:01Z", "latest": {}, "openAlerts": 0}],
                 "page": {"number": 0, "size": 2, "totalElements": 4, "totalPages": 2}}""".formatted(site),
                response.getBody(), JSONCompareMode.STRICT);
    }

    @Test
    void filtersCombine() {
        assertThat(ids("/api/devices?site={site}&type=thermostat&status=online", site)).containsExactly("a", "d");
        assertThat(ids("/api/devices?site={site}&type=meter", site)).containsExactly("b");
        assertThat(ids("/api/devices?site={site}&status=DECOMMISSIONED", site)).isEmpty();
    }

    @Test
    void aSearchFindsTheDevicesWhoseIdOrNameContainsItWhateverTheCase() {
        assertThat(ids("/api/devices?site={site}&q=ALPH", site)).containsExactly("a");
        assertThat(ids("/api/devices?site={site}&q=a&status=ONLINE", site)).containsExactly("a", "d");
        assertThat(ids("/api/devices?q={q}", site + "-C")).containsExactly("c");
        assertThat(ids("/api/devices?site={site}&q=%25", site)).as("wildcards match themselves").isEmpty();
        assertThat(ids("/api/devices?site={site}&q=_", site)).isEmpty();
    }

    @Test
    void aSearchLongerThanItsBoundIsA400NamingIt() {
        assertValidationProblem(api.get("/api/devices?q={q}", "x".repeat(101)), "q");
    }

    @Test
    void pagesFollowEachOtherWithoutOverlap() {
        ResponseEntity<String> second = api.get("/api/devices?site={site}&size=3&page=1", site);
        ResponseEntity<String> beyond = api.get("/api/devices?site={site}&size=3&page=5", site);

        assertThat(ids(second)).containsExactly("d");
        assertThat(JsonPath.<Integer>read(second.getBody(), "$.page.number")).isEqualTo(1);
        assertThat(JsonPath.<Integer>read(second.getBody(), "$.page.totalPages")).isEqualTo(2);
        assertThat(ids(beyond)).isEmpty();
        assertThat(JsonPath.<Integer>read(beyond.getBody(), "$.page.totalElements")).isEqualTo(4);
    }

    @ParameterizedTest(name = "sort={0}")
    @CsvSource(delimiter = ';', value = {
            "name,desc; d c b a",
            "lastSeen,desc; d a b c",
            "lastSeen; b a d c",
            "status&sort=name,desc; b d a c",
            "deviceId,desc; d c b a"})
    void sortingIsOnWhitelistedFieldsWithTheDeviceIdBreakingTies(String sort, String expected) {
        assertThat(ids("/api/devices?site={site}&sort=" + sort, site)).containsExactly(expected.split(" "));
    }

    @ParameterizedTest(name = "{0}={1} is a 400 naming {0}")
    @CsvSource({
            "status, BROKEN",
            "size, 0",
            "size, 201",
            "size, many",
            "page, -1",
            "page, abc",
            "sort, secret",
            "sort, 'desc'",
            "sort, 'name,sideways'"})
    void aBadParameterIsA400ProblemNamingIt(String parameter, String value) {
        ResponseEntity<String> response = api.get("/api/devices?" + parameter + "={value}", value);

        assertValidationProblem(response, parameter);
        assertThat(JsonPath.<String>read(response.getBody(), "$.detail")).contains(value);
    }

    private List<String> ids(String path, Object... variables) {
        return ids(api.get(path, variables));
    }

    private List<String> ids(ResponseEntity<String> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<String> ids = JsonPath.read(response.getBody(), "$.content[*].deviceId");
        return ids.stream().map(id -> id.substring(site.length() + 1)).toList();
    }
}
