package io.telemetra.query;

import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.query.stream.DeviceEventFeed;
import io.telemetra.query.support.DeviceEventsPublisher;
import io.telemetra.query.support.HeadlessChromium;
import io.telemetra.query.support.QueryServiceIntegrationTest;
import io.telemetra.query.support.ReadModelRows;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live fleet page in a real browser: headless Chromium loads {@code /}, an operator pastes a token, the page shows
 * the read model, and what is published on {@code telemetra.device-events} afterwards shows without a reload. The read
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

    private WebDriver page;
    private WebDriverWait wait;

    @BeforeEach
    void openThePageWithoutAToken() {
        page = chromium.driver();
        wait = new WebDriverWait(page, TIMEOUT);
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
        wait.until(ExpectedConditions.textToBe(field(deviceId, "latest"), "temperature 21.5 Cel"));
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));

        page.findElement(row(deviceId)).click();
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
        pasteToken(TestTokens.operator());
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));
        script("window.loadedOnce = true");

        // Registered after the page loaded its list, and its registration not seen on the stream (it may have
        // overtaken the projection, or come while the stream was reconnecting): its readings must still show.
        String deviceId = "browser-" + UUID.randomUUID();
        Instant now = Instant.now();
        rows.device(deviceId, "meter", "Main meter", "plant-2", "REGISTERED", now.minusSeconds(5), null);
        await().atMost(TIMEOUT).until(feed::isLive);
        events.publish(deviceId, 2, new ReadingRecordedEvent(deviceId, "r-first", "power", 7.5, "kW", now, now));

        wait.until(ExpectedConditions.textToBe(field(deviceId, "latest"), "power 7.5 kW"));
        assertThat(page.findElement(field(deviceId, "status")).getText()).isEqualTo("REGISTERED");
        assertThat(script("return window.loadedOnce")).as("the page was not reloaded").isEqualTo(true);
    }

    private void pasteToken(String token) {
        WebElement field = page.findElement(By.id("token"));
        field.sendKeys(token);
        page.findElement(By.cssSelector("#login button[type=submit]")).click();
    }

    private static By row(String deviceId) {
        return By.cssSelector("#devices tbody tr[data-device-id='" + deviceId + "']");
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
