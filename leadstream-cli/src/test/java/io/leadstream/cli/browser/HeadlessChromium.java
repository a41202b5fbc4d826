package io.leadstream.cli.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for one test: Debian's {@code chromium} driven through its {@code
 * chromium-driver} ({@code .ci/run} installs both), with a fresh profile under {@code
 * target/browser/}. Register it as an instance field ({@code @RegisterExtension final
 * HeadlessChromium browser = new HeadlessChromium();}); each test gets its own browser.
 *
 * <p>After each test it fails the test when the page logged an error to the browser console (an
 * uncaught exception, a rejected promise nobody handled, {@code console.error}, a resource that
 * failed to load), and it always quits the browser and the driver process, also when the test
 * failed (then it first saves {@code target/screenshots/<class>-<method>-failed.png}).
 *
 * <p>Without the browser it skips the test, but under CI (environment variable {@code CI} set) it
 * fails it: CI installs the browser, so a missing one there is a broken machine, not a choice.
 */
public final class HeadlessChromium implements BeforeEachCallback, AfterEachCallback {

  /** Where Debian's packages put them; Selenium Manager is never asked to find or fetch either. */
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  public static final Dimension LAPTOP = new Dimension(1280, 900);
  public static final Dimension PHONE = new Dimension(390, 844);

  /** How long a wait condition may take before the test fails. */
  public static final Duration WAIT = Duration.ofSeconds(10);

  /**
   * Without the background-networking flags Chromium keeps dialling Google's hosts, which this
   * closed network refuses; a fresh profile keeps one test's cookies and storage from the next.
   */
  private static final List<String> FLAGS =
      List.of(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync");

  /** Failsafe and Surefire run in the module's folder: this is its target/. */
  private final Path target = Path.of("target").toAbsolutePath();

  private final Path screenshots = target.resolve("screenshots");
  private final List<String> reportedErrors = new ArrayList<>();
  private ChromeDriverService service;
  private ChromeDriver driver;
  private Path profile;

  /** Why this machine cannot run the browser tests, if it cannot. */
  static Optional<String> missing() {
    for (Path executable : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(executable)) {
        return Optional.of(
            executable
                + " is not installed (Debian packages chromium and chromium-driver; .ci/run"
                + " installs them)");
      }
    }
    return Optional.empty();
  }

  static boolean underCi() {
    String ci = System.getenv("CI");
    return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    Optional<String> missing = missing();
    if (missing.isPresent()) {
      if (underCi()) {
        throw new IllegalStateException(
            "under CI the browser tests must run, but " + missing.get());
      }
      Assumptions.abort("browser test skipped: " + missing.get());
    }
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (driver == null) {
      // Skipped, or the browser did not start (that failure is the test's): nothing to check.
      quit();
      return;
    }
    try {
      if (context.getExecutionException().isPresent()) {
        screenshot(
            context.getRequiredTestClass().getSimpleName()
                + "-"
                + context.getRequiredTestMethod().getName()
                + "-failed");
      }
      assertNoConsoleErrors();
    } finally {
      quit();
    }
  }

  private void start() throws IOException {
    Path browserDir = Files.createDirectories(target.resolve("browser"));
    profile = Files.createTempDirectory(browserDir, "profile-");
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(browserDir.resolve("chromedriver.log").toFile())
            .withAppendLog(true)
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(FLAGS);
    options.addArguments(
        "--user-data-dir=" + profile,
        "--window-size=" + LAPTOP.getWidth() + "," + LAPTOP.getHeight());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    try {
      driver = new ChromeDriver(service, options);
      // --window-size is the window: headless Chromium still keeps room for a toolbar, so the
      // page would get 1280 x 757. The page's own size is what tests and screenshots mean.
      laptop();
    } catch (RuntimeException e) {
      quit();
      throw e;
    }
  }

  /** The browser, for anything this fixture has no helper for. */
  public ChromeDriver driver() {
    if (driver == null) {
      throw new IllegalStateException("the browser runs only during a test");
    }
    return driver;
  }

  /** Opens {@code url} and returns once the page has loaded (its scripts ran). */
  public void open(String url) {
    driver().get(url);
  }

  /** Waits (at most {@link #WAIT}) until {@code condition} gives a non-null, non-false value. */
  public <T> T waitUntil(Function<? super WebDriver, T> condition) {
    return new WebDriverWait(driver(), WAIT).until(condition);
  }

  /** Waits at most {@code timeout} until {@code condition} gives a non-null, non-false value. */
  public <T> T waitUntil(Duration timeout, Function<? super WebDriver, T> condition) {
    return new WebDriverWait(driver(), timeout).until(condition);
  }

  /** Waits until the element is displayed. */
  public WebElement visible(By locator) {
    return waitUntil(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  /** Waits until the element's text is {@code text} (written by the page's script, say). */
  public WebElement hasText(By locator, String text) {
    waitUntil(ExpectedConditions.textToBe(locator, text));
    return driver().findElement(locator);
  }

  /**
   * Lays the page out as a phone does (390 x 844 CSS pixels, mobile: the page's viewport meta tag
   * applies); {@link #laptop()} goes back.
   */
  public void phone() {
    emulate(PHONE, true);
  }

  /** Lays the page out in the laptop window every test starts with (1280 x 900 CSS pixels). */
  public void laptop() {
    emulate(LAPTOP, false);
  }

  private void emulate(Dimension size, boolean mobile) {
    driver()
        .executeCdpCommand(
            "Emulation.setDeviceMetricsOverride",
            Map.of(
                "width",
                size.getWidth(),
                "height",
                size.getHeight(),
                "deviceScaleFactor",
                1,
                "mobile",
                mobile));
  }

  /** Saves what the page shows now as {@code target/screenshots/<name>.png}. */
  public Path screenshot(String name) {
    Path file = screenshots.resolve(name + ".png");
    try {
      Files.createDirectories(screenshots);
      Files.write(file, driver().getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException("could not save " + file, e);
    }
    return file;
  }

  /**
   * Fails when the page logged an error to the console since the last check; each error is reported
   * once, so a test that expects one can check, catch it, and still pass.
   */
  public void assertNoConsoleErrors() {
    List<String> errors = new ArrayList<>();
    // ChromeDriver hands out each entry once: what was read here is gone from its buffer.
    for (LogEntry entry : driver().manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(entry.getMessage());
      }
    }
    reportedErrors.addAll(errors);
    if (!errors.isEmpty()) {
      throw new AssertionError(
          "the page logged "
              + errors.size()
              + " error(s) to the browser console:\n  "
              + String.join("\n  ", errors));
    }
  }

  /** Every console error reported by {@link #assertNoConsoleErrors()} during this test. */
  List<String> reportedErrors() {
    return List.copyOf(reportedErrors);
  }

  private void quit() {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      driver = null;
      try {
        if (service != null) {
          service.stop();
        }
      } finally {
        service = null;
        deleteProfile();
      }
    }
  }

  private void deleteProfile() {
    if (profile == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(profile)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // Chromium may still be writing its last files; the next mvn clean removes the rest.
    } finally {
      profile = null;
    }
  }
}
