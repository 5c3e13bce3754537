package io.telemetra.query.support;

import io.telemetra.testsupport.Preconditions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.springframework.util.FileSystemUtils;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;


/**
 * Debian's Chromium, headless, driven through Debian's ChromeDriver: one browser per test class, with a profile of its
 * own. Register it as a static {@code @RegisterExtension} field. When either program is not installed the tests are
 * skipped, and in CI ({@code CI=true}) they fail: {@code .ci/run} installs both. Nothing is ever downloaded: the
 * driver's path is given, so Selenium Manager does not run, and Chromium is started without its background networking.
 * When a test fails, a screenshot and the page's console go to {@code target/browser-failures/}.
 */
public final class HeadlessChromium implements BeforeAllCallback, BeforeEachCallback, AfterTestExecutionCallback,
        AfterAllCallback {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final Path FAILURES = Path.of("target", "browser-failures");
    // Selenium warns at every start that it has no DevTools (CDP) bindings for this Chromium; WebDriver needs none.
    // Held in fields so that java.util.logging keeps the levels set on them.
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");
    private static final Logger CHROMIUM_DRIVER = Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
        CHROMIUM_DRIVER.setLevel(Level.SEVERE);
    }

    private Path profile;
    private ChromeDriverService service;
    private ChromeDriver driver;

    public WebDriver driver() {
        if (driver == null) {
            throw new IllegalStateException("The browser starts before the test class's first test");
        }
        return driver;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (!installed()) {
            return; // every test is skipped (or fails, in CI) one by one, so that the reports count them and say why
        }
        Files.createDirectories(Path.of("target"));
        profile = Files.createTempDirectory(Path.of("target"), "chromium-profile-");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,900", "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Preconditions.require(installed(), "the browser test needs Debian's chromium and chromium-driver (" + CHROMIUM
                + ", " + CHROMEDRIVER + "); install them with: apt-get install chromium chromium-driver");
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty() || driver == null) {
            return;
        }
        String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        try {
            Files.createDirectories(FAILURES);
            Path screenshot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(screenshot, FAILURES.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(FAILURES.resolve(name + ".html"), driver.getPageSource());
            Files.writeString(FAILURES.resolve(name + ".console.log"), consoleOf(driver));
        } catch (IOException | WebDriverException e) {
            context.getExecutionException().get().addSuppressed(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            driver = null;
            if (service != null) {
                service.stop();
            }
            if (profile != null) {
                FileSystemUtils.deleteRecursively(profile);
            }
        }
    }

    private static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    private static String consoleOf(WebDriver driver) {
        List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
        return entries.stream().map(LogEntry::toString).collect(Collectors.joining(System.lineSeparator()));
    }
}
