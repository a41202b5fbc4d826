package io.leadstream.cli.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The browser fixture itself, in a real headless Chromium against pages served by a real local HTTP
 * server: scripts run, screenshots are real pictures, and a page that throws is reported. (No
 * broker, so a unit test by the project's rule: what is tested here is the browser and the fixture,
 * not the pipeline.)
 */
class HeadlessChromiumTest {

  /** A page whose heading only its script can write: if scripts did not run, it says "waiting". */
  private static final String FINE =
      """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>fine</title>
      <style>
        body { font-family: sans-serif; margin: 2rem; }
        #status { background: #1f5f8b; color: #fff; padding: 1rem; }
      </style></head>
      <body><h1 id="status">waiting</h1><p id="width"></p>
      <script>
        document.getElementById('status').textContent = 'rendered by script ' + 6 * 7;
        const show = () => document.getElementById('width').textContent = String(innerWidth);
        show();
        addEventListener('resize', show);
      </script></body></html>
      """;

  private static final String THROWS =
      """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>throws</title></head>
      <body><p>this page throws</p>
      <script>throw new Error('console check ' + 6 * 7);</script></body></html>
      """;

  /**
   * A failure in async code nobody awaits: what a page's background refresh does when it breaks.
   */
  private static final String REJECTS =
      """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>rejects</title></head>
      <body><p>this page rejects a promise</p>
      <script>Promise.reject(new Error('refresh failed ' + 6 * 7));</script></body></html>
      """;

  private static HttpServer server;

  @RegisterExtension final HeadlessChromium browser = new HeadlessChromium();

  @BeforeAll
  static void servePages() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    Map<String, String> pages = Map.of("/fine", FINE, "/throws", THROWS, "/rejects", REJECTS);
    server.createContext(
        "/",
        exchange -> {
          String page = pages.get(exchange.getRequestURI().getPath());
          byte[] body = (page == null ? "" : page).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          // The browser asks for /favicon.ico on its own: answered, so it is no console error.
          exchange.sendResponseHeaders(page != null ? 200 : 204, page != null ? body.length : -1);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void readsWhatThePagesScriptWroteAndSavesAScreenshotOfIt() throws IOException {
    browser.open(url("/fine"));

    browser.hasText(By.id("status"), "rendered by script 42");
    Path png = browser.screenshot("headless-chromium-fine");

    assertThat(png)
        .isEqualTo(Path.of("target/screenshots/headless-chromium-fine.png").toAbsolutePath());
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("a PNG at %s", png).isNotNull();
    assertThat(image.getWidth()).isEqualTo(HeadlessChromium.LAPTOP.getWidth());
    assertThat(image.getHeight()).isEqualTo(HeadlessChromium.LAPTOP.getHeight());
    assertThat(image.getRGB(0, 0))
        .as("the heading's background differs from the page's")
        .isNotEqualTo(pixelInside(image, "status"));
    assertThat(Files.size(png)).isGreaterThan(2_000);
    browser.assertNoConsoleErrors();
  }

  private int pixelInside(BufferedImage image, String id) {
    var heading = browser.driver().findElement(By.id(id));
    var at = heading.getLocation();
    return image.getRGB(at.getX() + 2, at.getY() + 2);
  }

  @Test
  void laysThePageOutAtPhoneWidthAndBack() {
    browser.open(url("/fine"));
    browser.hasText(By.id("width"), "1280");

    browser.phone();
    browser.hasText(By.id("width"), "390");
    browser.screenshot("headless-chromium-phone");

    browser.laptop();
    browser.hasText(By.id("width"), "1280");
  }

  @Test
  void reportsAnUncaughtExceptionWithItsMessage() {
    browser.open(url("/throws"));

    AssertionError reported = browser.waitUntil(d -> consoleError());

    assertThat(reported).hasMessageContaining("Uncaught Error: console check 42");
    // Reported once: the check after this test finds nothing new, so this test passes.
    assertThat(browser.reportedErrors()).hasSize(1);
  }

  @Test
  void reportsAPromiseRejectionNobodyHandled() {
    browser.open(url("/rejects"));

    AssertionError reported = browser.waitUntil(d -> consoleError());

    assertThat(reported).hasMessageContaining("refresh failed 42");
  }

  /** The console check's complaint, or null (wait on) while the page has logged nothing. */
  private AssertionError consoleError() {
    try {
      browser.assertNoConsoleErrors();
      return null;
    } catch (AssertionError e) {
      return e;
    }
  }
}
