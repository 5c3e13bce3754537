package io.telemetra.query;

import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.device.DeviceWentOfflineEvent;
import io.telemetra.api.device.Severity;
import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.security.Role;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.query.stream.DeviceEventFeed;
import io.telemetra.query.stream.StreamHub;
import io.telemetra.query.support.CommandServiceDouble;
import io.telemetra.query.support.DeviceEventsPublisher;
import io.telemetra.query.support.HeadlessChromium;
import io.telemetra.query.support.QueryServiceIntegrationTest;
import io.telemetra.query.support.ReadModelRows;
import io.telemetra.security.DevelopmentTokens;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live fleet page in a real browser: headless Chromium loads {@code /}, an operator pastes a token, the page shows
 * the read model (devices, open alerts, the selected device's commands), and what is published on
 * {@code telemetra.device-events} afterwards (readings, alerts, commands, status changes) shows without a reload. The read
 * model's rows are written as projection-service writes them (there is no projection-service here); the live part
 * comes through Kafka and the page's EventSource, as in production.
 */
@QueryServiceIntegrationTest
class FleetPageBrowserIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();

    @LocalServerPort
    int port;
    @Autowired
    ReadModelRows rows;
    @Autowired
    DeviceEventsPublisher events;
    @Autowired
    DeviceEventFeed feed;
    @Autowired
    StreamHub hub;
    @Autowired
    CommandServiceDouble commandService;

    private WebDriver page;
    private WebDriverWait wait;

    @BeforeEach
    void openThePageWithoutAToken() {
        page = chromium.driver();
        wait = new WebDriverWait(page, TIMEOUT);
        wait.ignoring(StaleElementReferenceException.class); // tables are redrawn as the stream and the filters go
        page.get(url("/"));
        // The browser is shared by the class's tests: forget a token an earlier test pasted, then start afresh.
        script("sessionStorage.clear()");
        page.get(url("/"));
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "not connected"));
    }

    @Test
    void anOperatorWhoPastesATokenSeesTheDevicesOfTheReadModelWithStatusAndLatestValue() {
        String deviceId = "browser-" + UUID.randomUUID();
        Instant measured = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        rows.device(deviceId, "thermostat", "Boiler room", "plant-1", "ONLINE", measured.minusSeconds(3600), measured);
        rows.latest(deviceId, "temperature", 21.5, "Cel", measured);
        String token = TestTokens.operator();

        pasteToken(token);
        search(deviceId);

        WebElement status = wait.until(ExpectedConditions.visibilityOfElementLocated(field(deviceId, "status")));
        assertThat(status.getText()).isEqualTo("ONLINE");
        assertThat(status.getAttribute("class")).isEqualTo("status-ONLINE");
        assertThat(page.findElement(field(deviceId, "latest")).getText()).isEqualTo("temperature 21.5 Cel");
        assertThat(page.findElement(field(deviceId, "lastSeen")).getText()).isNotBlank();
        assertThat(page.findElement(field(deviceId, "openAlerts")).getText()).isEqualTo("0");
        assertThat(page.findElement(row(deviceId)).getText()).contains("Boiler room", "thermostat", "plant-1");
        // The summary comes from /api/fleet/summary with the same token; the stream is open.
        wait.until(ExpectedConditions.textMatches(By.cssSelector("[data-summary=devices]"),
                Pattern.compile("[1-9]\\d*")));
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));
        assertThat(page.findElement(By.id("message")).getText()).isEmpty();
        // The token is kept for this tab only, and is not left in the field.
        assertThat(script("return sessionStorage.getItem('telemetra.token')")).isEqualTo(token);
        assertThat(page.findElement(By.id("token")).getAttribute("value")).isEmpty();
    }

    @Test
    void aReadingPublishedWhileThePageIsOpenShowsInTheTableAndTheChartWithoutAReload() {
        String deviceId = "browser-" + UUID.randomUUID();
        Instant measured = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        rows.device(deviceId, "thermostat", "Boiler room", "plant-1", "ONLINE", measured.minusSeconds(3600), measured);
        rows.latest(deviceId, "temperature", 21.5, "Cel", measured);
        rows.raw(deviceId, "temperature", 21.5, measured);
        pasteToken(TestTokens.operator());
        search(deviceId);
        wait.until(ExpectedConditions.textToBe(field(deviceId, "latest"), "temperature 21.5 Cel"));
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));

        clickRow(deviceId);
        wait.until(ExpectedConditions.textToBe(By.id("chart-title"), deviceId + " · temperature"));
        wait.until(ExpectedConditions.attributeToBe(By.id("chart"), "data-points", "1"));
        script("window.loadedOnce = true");

        await().atMost(TIMEOUT).until(feed::isLive);
        Instant now = Instant.now();
        events.publish(deviceId, 2, new ReadingRecordedEvent(deviceId, "r-live", "temperature", 23.75, "Cel", now,
                now));

        wait.until(ExpectedConditions.textToBe(field(deviceId, "latest"), "temperature 23.75 Cel"));
        wait.until(ExpectedConditions.attributeToBe(By.id("chart"), "data-points", "2"));
        assertThat(script("return window.loadedOnce")).as("the page was not reloaded").isEqualTo(true);
        assertThat(page.findElement(row(deviceId)).getAttribute("class")).contains("selected");
    }

    @Test
    void readingsOfADeviceThePageHasNotSeenYetBringItOntoThePage() {
        String deviceId = "browser-" + UUID.randomUUID();
        pasteToken(TestTokens.operator());
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));
        search(deviceId);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#devices tbody td.empty"), "no devices"));
        script("window.loadedOnce = true");

        // Registered after the page loaded its list, and its registration not seen on the stream (it may have
        // overtaken the projection, or come while the stream was reconnecting): its readings must still show on a
        // page that has room for it.
        Instant now = Instant.now();
        rows.device(deviceId, "meter", "Main meter", "plant-2", "REGISTERED", now.minusSeconds(5), null);
        await().atMost(TIMEOUT).until(feed::isLive);
        events.publish(deviceId, 2, new ReadingRecordedEvent(deviceId, "r-first", "power", 7.5, "kW", now, now));

        wait.until(ExpectedConditions.textToBe(field(deviceId, "latest"), "power 7.5 kW"));
        assertThat(page.findElement(field(deviceId, "status")).getText()).isEqualTo("REGISTERED");
        assertThat(script("return window.loadedOnce")).as("the page was not reloaded").isEqualTo(true);
    }

    @Test
    void anAlertRaisedWhileThePageIsOpenShowsInTheOpenAlertsAndLeavesThemWhenResolved() {
        String deviceId = "browser-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        rows.device(deviceId, "thermostat", "Boiler room", "plant-1", "ONLINE", now.minusSeconds(3600), now);
        pasteToken(TestTokens.operator());
        search(deviceId);
        wait.until(ExpectedConditions.textToBe(field(deviceId, "openAlerts"), "0"));
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));
        script("window.loadedOnce = true");

        await().atMost(TIMEOUT).until(feed::isLive);
        events.publish(deviceId, 3, new AlertRaisedEvent(deviceId, "a-live", "temperature", AlertKind.THRESHOLD_HIGH,
                Severity.CRITICAL, 92.5, now, null, "temperature 92.5 above max 80.0", now));

        wait.until(ExpectedConditions.visibilityOfElementLocated(alertField("a-live", "state")));
        assertThat(page.findElement(alertField("a-live", "severity")).getText()).isEqualTo("CRITICAL");
        assertThat(page.findElement(alertField("a-live", "device")).getText()).isEqualTo(deviceId);
        assertThat(page.findElement(alertField("a-live", "metric")).getText()).isEqualTo("temperature");
        assertThat(page.findElement(alertField("a-live", "state")).getText()).isEqualTo("OPEN");
        assertThat(page.findElement(alertField("a-live", "since")).getText()).isNotBlank();
        wait.until(ExpectedConditions.textToBe(field(deviceId, "openAlerts"), "1"));

        events.publish(deviceId, 4, new AlertEscalatedEvent(deviceId, "a-live", "no answer", now.plusSeconds(60)));
        wait.until(ExpectedConditions.textToBe(alertField("a-live", "state"), "ESCALATED"));
        events.publish(deviceId, 5, new DeviceWentOfflineEvent(deviceId, now, now.plusSeconds(300)));
        wait.until(ExpectedConditions.textToBe(field(deviceId, "status"), "OFFLINE"));
        assertThat(page.findElement(field(deviceId, "status")).getAttribute("class")).isEqualTo("status-OFFLINE");
        events.publish(deviceId, 6, new AlertResolvedEvent(deviceId, "a-live", 70.0, "normal", now.plusSeconds(400)));

        wait.until(ExpectedConditions.invisibilityOfElementLocated(alertRow("a-live")));
        wait.until(ExpectedConditions.textToBe(field(deviceId, "openAlerts"), "0"));
        assertThat(script("return window.loadedOnce")).as("the page was not reloaded").isEqualTo(true);
    }

    @Test
    void theOpenAlertsOfTheReadModelAndTheSelectedDevicesRecentCommandsShowAndFollowTheStream() {
        String deviceId = "browser-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        rows.device(deviceId, "thermostat", "Boiler room", "plant-1", "OFFLINE", now.minusSeconds(3600), now);
        rows.alert(deviceId, "a-stored", "pressure", "WARNING", "ACKNOWLEDGED", now.minusSeconds(120), null, 2);
        rows.command(deviceId, "c-stored", "REBOOT", "COMPLETED", now.minusSeconds(100), 3);
        pasteToken(TestTokens.operator());
        search(deviceId);

        wait.until(ExpectedConditions.textToBe(alertField("a-stored", "state"), "ACKNOWLEDGED"));
        assertThat(page.findElement(alertField("a-stored", "severity")).getText()).isEqualTo("WARNING");
        assertThat(page.findElement(field(deviceId, "status")).getText()).isEqualTo("OFFLINE");
        assertThat(page.findElement(field(deviceId, "openAlerts")).getText()).isEqualTo("1");
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));

        clickRow(deviceId);
        wait.until(ExpectedConditions.textToBe(commandField("c-stored", "status"), "COMPLETED"));
        assertThat(page.findElement(commandField("c-stored", "type")).getText()).isEqualTo("REBOOT");

        await().atMost(TIMEOUT).until(feed::isLive);
        events.publish(deviceId, 4, new DeviceCommandIssuedEvent(deviceId, "c-live", "THROTTLE", Map.of("percent", 50),
                "op-1", null, now));
        wait.until(ExpectedConditions.textToBe(commandField("c-live", "status"), "ISSUED"));
        assertThat(page.findElements(By.cssSelector("#commands tbody tr")).get(0).getAttribute("data-command-id"))
                .as("newest first").isEqualTo("c-live");
        events.publish(deviceId, 5, new DeviceCommandAcknowledgedEvent(deviceId, "c-live", CommandOutcome.ACCEPTED,
                "throttling", deviceId, now.plusSeconds(5)));

        wait.until(ExpectedConditions.textToBe(commandField("c-live", "status"), "ACKNOWLEDGED"));
        assertThat(page.findElement(commandField("c-live", "answer")).getText()).isEqualTo("ACCEPTED: throttling");
    }

    @Test
    void anOperatorAcknowledgesAnOpenAlertFromThePage() {
        String deviceId = "browser-" + UUID.randomUUID();
        String alertId = "a-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        rows.device(deviceId, "thermostat", "Boiler room", "plant-1", "ONLINE", now.minusSeconds(3600), now);
        rows.alert(deviceId, alertId, "temperature", "CRITICAL", "OPEN", now.minusSeconds(30), null, 2);
        String token = TestTokens.operator();
        pasteToken(token);
        wait.until(ExpectedConditions.textToBe(alertField(alertId, "state"), "OPEN"));
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));
        commandService.answerNext(204, null, null);

        page.findElement(By.cssSelector(alertSelector(alertId) + " button[data-action=acknowledge]")).click();

        wait.until(ExpectedConditions.textToBe(alertField(alertId, "state"), "ACKNOWLEDGED"));
        CommandServiceDouble.Received acknowledged = commandService.lastReceived();
        assertThat(acknowledged.method()).isEqualTo("POST");
        assertThat(acknowledged.pathAndQuery())
                .isEqualTo("/api/devices/" + deviceId + "/alerts/" + alertId + "/acknowledge");
        assertThat(acknowledged.headers()).containsEntry("Authorization", "Bearer " + token);
        assertThat(page.findElements(By.cssSelector(alertSelector(alertId) + " button"))).isEmpty();
        assertThat(page.findElement(By.id("notice")).getText()).contains("acknowledged");

        // command-service records it and the stream confirms it; the row stays as it is.
        await().atMost(TIMEOUT).until(feed::isLive);
        events.publish(deviceId, 3, new AlertAcknowledgedEvent(deviceId, alertId, "test-operator", null, now));
        wait.until(ExpectedConditions.textToBe(alertField(alertId, "state"), "ACKNOWLEDGED"));
        assertThat(page.findElement(By.id("message")).getText()).isEmpty();
    }

    @Test
    void anOperatorIssuesACommandFromThePageAndFollowsItsStatusARetryKeepingItsIdempotencyKey() {
        String deviceId = "browser-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        rows.device(deviceId, "thermostat", "Boiler room", "plant-1", "ONLINE", now.minusSeconds(3600), now);
        String token = TestTokens.operator();
        pasteToken(token);
        search(deviceId);
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));
        clickRow(deviceId);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#commands tbody td.empty"), "none"));
        int before = commandService.received().size();
        commandService.answerNext(503, "application/problem+json",
                "{\"status\": 503, \"code\": \"SERVICE_UNAVAILABLE\", \"detail\": \"try again\"}");
        commandService.answerNext(202, "application/json", "{\"commandId\": \"c-page\"}");

        page.findElement(By.id("command-type")).sendKeys("THROTTLE");
        page.findElement(By.id("command-parameters")).sendKeys("{\"percent\": 50}");
        page.findElement(By.cssSelector("#command-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textMatches(By.id("message"), Pattern.compile("Command: 503.*")));
        page.findElement(By.cssSelector("#command-form button[type=submit]")).click();

        wait.until(ExpectedConditions.textMatches(By.id("notice"), Pattern.compile(".*THROTTLE.*c-page.*")));
        List<CommandServiceDouble.Received> sent = commandService.received().subList(before, before + 2);
        assertThat(sent).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.pathAndQuery()).isEqualTo("/api/devices/" + deviceId + "/commands");
            assertThat(request.headers()).containsEntry("Authorization", "Bearer " + token)
                    .containsKey("Idempotency-Key");
            assertThat(request.body()).isEqualTo("{\"type\":\"THROTTLE\",\"parameters\":{\"percent\":50}}");
        });
        assertThat(sent.get(1).headers().get("Idempotency-Key")).as("the retry names the same command")
                .isEqualTo(sent.get(0).headers().get("Idempotency-Key"));

        await().atMost(TIMEOUT).until(feed::isLive);
        events.publish(deviceId, 2, new DeviceCommandIssuedEvent(deviceId, "c-page", "THROTTLE", Map.of("percent", 50),
                "test-operator", null, now));
        wait.until(ExpectedConditions.textToBe(commandField("c-page", "status"), "ISSUED"));
        events.publish(deviceId, 3, new DeviceCommandAcknowledgedEvent(deviceId, "c-page", CommandOutcome.COMPLETED,
                "done", deviceId, now.plusSeconds(5)));
        wait.until(ExpectedConditions.textToBe(commandField("c-page", "status"), "COMPLETED"));
        assertThat(page.findElement(commandField("c-page", "answer")).getText()).isEqualTo("COMPLETED: done");
    }

    @Test
    void theChartDrawsTheRuleThresholdsAndShowsWindowsAtCoarserResolutions() {
        String deviceId = "browser-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        rows.device(deviceId, "thermostat", "Boiler room", "plant-1", "ONLINE", now.minusSeconds(7200), now);
        rows.latest(deviceId, "temperature", 21.5, "Cel", now.minusSeconds(30));
        rows.raw(deviceId, "temperature", 21.5, now.minusSeconds(30));
        rows.rules(deviceId, """
                [{"metric": "temperature", "min": 10.0, "max": 80.0, "hysteresis": 2.0, "severity": "CRITICAL"}]""",
                60);
        for (int minute = 1; minute <= 3; minute++) {
            rows.window("reading_window_1m", deviceId, "temperature", now.minusSeconds(60L * minute), 2, 20, 22, 42);
        }
        pasteToken(TestTokens.operator());
        search(deviceId);

        clickRow(deviceId);
        wait.until(ExpectedConditions.attributeToBe(By.id("chart"), "data-thresholds", "min 10, max 80"));
        wait.until(ExpectedConditions.attributeToBe(By.id("chart"), "data-points", "1"));
        assertThat(page.findElements(By.cssSelector("#chart canvas"))).as("uPlot drew the chart").isNotEmpty();

        new Select(page.findElement(By.id("resolution"))).selectByValue("1m");
        wait.until(ExpectedConditions.attributeToBe(By.id("chart"), "data-points", "3"));
        new Select(page.findElement(By.id("range"))).selectByValue("900");
        wait.until(ExpectedConditions.attributeToBe(By.id("chart"), "data-points", "3"));
        assertThat(page.findElement(By.id("message")).getText()).isEmpty();
    }

    @Test
    void afterTheLiveStreamReconnectsThePageShowsWhatWasRaisedMeanwhile() {
        String deviceId = "browser-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        rows.device(deviceId, "thermostat", "Boiler room", "plant-1", "ONLINE", now.minusSeconds(3600), now);
        pasteToken(TestTokens.operator());
        search(deviceId.substring(0, 20));
        wait.until(ExpectedConditions.textToBe(field(deviceId, "openAlerts"), "0"));
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));
        script("window.loadedOnce = true");

        String alertId = "a-" + UUID.randomUUID();
        String registeredMeanwhile = deviceId.substring(0, 20) + "-meanwhile";
        hub.stop(); // every stream is dropped, and new ones are refused until it starts again
        try {
            wait.until(ExpectedConditions.textToBe(By.id("connection"), "reconnecting…"));
            rows.alert(deviceId, alertId, "temperature", "CRITICAL", "OPEN", now, null, 2);
            rows.device(registeredMeanwhile, "meter", "Meter", "plant-1", "REGISTERED", now, null);
        } finally {
            hub.start();
        }

        wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));
        wait.until(ExpectedConditions.textToBe(alertField(alertId, "state"), "OPEN"));
        wait.until(ExpectedConditions.textToBe(field(deviceId, "openAlerts"), "1"));
        wait.until(ExpectedConditions.textToBe(field(registeredMeanwhile, "status"), "REGISTERED"));
        assertThat(script("return window.loadedOnce")).as("the page was not reloaded").isEqualTo(true);
    }

    @Test
    void aTokenAboutToExpireIsShownWithAPromptAndAnExpiredOneStopsThePageAndAsksForANewOne() {
        pasteToken(DevelopmentTokens.mint(TestTokens.SECRET, "op-soon", List.of(Role.OPERATOR), null, Instant.now(),
                Duration.ofMinutes(3)));
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));
        assertThat(page.findElement(By.id("token-expiry")).getText()).matches("token expires in [23] min");
        assertThat(page.findElement(By.id("token-prompt")).getText()).contains("expires in less than 5 minutes");

        pasteToken(DevelopmentTokens.mint(TestTokens.SECRET, "op-late", List.of(Role.OPERATOR), null,
                Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1)));

        wait.until(ExpectedConditions.textToBe(By.id("token-expiry"), "token expired"));
        assertThat(page.findElement(By.id("token-prompt")).getText()).contains("expired", "Paste a new token");
        assertThat(page.findElement(By.id("connection")).getText()).isEqualTo("not connected");
    }

    @Test
    void theHistoryOpensForAnAuditorAndSaysWhichRoleItNeedsToAnOperator() {
        String deviceId = "browser-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        rows.device(deviceId, "thermostat", "Boiler room", "plant-1", "ONLINE", now.minusSeconds(3600), now);
        commandService.answerNext(200, "application/json", """
                {"content": [{"sequence": 0, "type": "DeviceRegisteredEvent", "timestamp": "%s", "payload": {},
                              "principal": "op-1", "correlationId": "c", "causationId": "c"}],
                 "page": {"number": 0, "size": 50, "totalElements": 1, "totalPages": 1}}""".formatted(now));
        pasteToken(TestTokens.auditor());
        search(deviceId);

        clickRow(deviceId);
        page.findElement(By.id("open-history")).click();

        wait.until(ExpectedConditions.textToBe(By.cssSelector("#history tbody tr[data-sequence='0'] td[data-field=type]"),
                "DeviceRegisteredEvent"));
        assertThat(commandService.lastReceived().pathAndQuery())
                .isEqualTo("/api/devices/" + deviceId + "/history?size=50&page=0");

        pasteToken(TestTokens.operator());
        search(deviceId);
        clickRow(deviceId);
        page.findElement(By.id("open-history")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#history tbody td.empty"),
                "The history needs the auditor or admin role."));
    }

    private void search(String text) {
        WebElement search = page.findElement(By.id("search"));
        search.clear();
        search.sendKeys(text);
        wait.until(ExpectedConditions.attributeToBe(By.id("devices"), "data-search", text));
    }

    /** The row may be redrawn between finding and clicking it (the stream, a reload): then it is found again. */
    private void clickRow(String deviceId) {
        wait.until(driver -> {
            driver.findElement(row(deviceId)).click();
            return true;
        });
    }

    private void pasteToken(String token) {
        WebElement field = page.findElement(By.id("token"));
        field.sendKeys(token);
        page.findElement(By.cssSelector("#login button[type=submit]")).click();
    }

    private static By row(String deviceId) {
        return By.cssSelector("#devices tbody tr[data-device-id='" + deviceId + "']");
    }

    private static By alertRow(String alertId) {
        return By.cssSelector("#alerts tbody tr[data-alert-id='" + alertId + "']");
    }

    private static String alertSelector(String alertId) {
        return "#alerts tbody tr[data-alert-id='" + alertId + "']";
    }

    private static By alertField(String alertId, String field) {
        return By.cssSelector(alertSelector(alertId) + " td[data-field='" + field + "']");
    }

    private static By commandField(String commandId, String field) {
        return By.cssSelector("#commands tbody tr[data-command-id='" + commandId + "'] td[data-field='" + field
                + "']");
    }

    private static By field(String deviceId, String field) {
        return By.cssSelector("#devices tbody tr[data-device-id='" + deviceId + "'] td[data-field='" + field + "']");
    }

    private Object script(String javascript) {
        return ((JavascriptExecutor) page).executeScript(javascript);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
