package org.dnregistry.streams.http;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and chromedriver for the dashboard tests, installed by {@code install-chromium.sh} when
 * missing. A browser that cannot be had fails the tests with the installer's output: skipping them would let a
 * broken dashboard pass.
 */
final class Chromium {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {}

  static void ensureInstalled() {
    if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
      return;
    }
    Path script;
    try {
      script = Path.of(Chromium.class.getResource("/install-chromium.sh").toURI());
    } catch (URISyntaxException | NullPointerException e) {
      fail("install-chromium.sh is missing from the test classpath");
      return;
    }
    try {
      Path log = Files.createTempFile("install-chromium", ".log");
      Process p = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true).redirectOutput(log.toFile())
          .start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        fail("installing Chromium took over 10 minutes; output so far:\n" + Files.readString(log, StandardCharsets.UTF_8));
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (p.exitValue() != 0 || !Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
        fail("the dashboard tests need Debian's chromium and chromium-driver (" + BROWSER + ", " + DRIVER
            + "), and " + script + " could not install them (exit " + p.exitValue() + "):\n" + output);
      }
    } catch (IOException e) {
      fail("cannot run " + script + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted while installing Chromium");
    }
  }

  /** A headless browser with a fresh profile in {@code profile}; the caller quits it. */
  static ChromeDriver start(Path profile) {
    var options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=1440,1000", "--lang=en-GB");
    // The browser's console, so a test can see what the Content-Security-Policy refused.
    var logs = new org.openqa.selenium.logging.LoggingPreferences();
    logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    var service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER.toString()))
        .usingAnyFreePort()
        .withTimeout(Duration.ofSeconds(60))
        .build();
    return new ChromeDriver(service, options);
  }
}
