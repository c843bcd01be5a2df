package org.dnregistry.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against the query server and a fake registry: what a clinician reads
 * on the page, read back from the DOM. Screenshots go to target/screenshots/.
 */
class DashboardBrowserTest {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  /** Fast polling so live updates show within the waits. */
  static final int POLL_MS = 400;

  private FakeRegistry registry;
  private QueryServer server;
  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeAll
  static void browserInstalled() throws IOException {
    Chromium.ensureInstalled();
    Files.createDirectories(SCREENSHOTS);
  }

  @BeforeEach
  void start(@TempDir Path profile) {
    registry = new FakeRegistry();
    server = QueryServer.start(0, registry, TestTokens.tokens(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    browser = Chromium.start(profile);
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    server.close();
  }

  @Test
  void aViewerSeesTheNetworksFiguresAndTheyChangeWithTheWindow() {
    signIn(TestTokens.VIEWER);

    // Complications: BRUISING over 90 days is 45 events in 315 sessions = 14.3 per 100, far above Boyce 2020.
    assertThat(text("tr[data-category='BRUISING'] .counts")).isEqualTo("45 / 315");
    assertThat(text("tr[data-category='BRUISING'] .rate")).isEqualTo("14.3");
    String boyce = "tr[data-category='BRUISING'] .status-badge[data-source='Boyce 2020']";
    assertThat(attributes(boyce, "data-status")).containsExactly("ALARM");
    assertThat(text(boyce)).contains("ALARM").contains("far more events than the published rate would explain")
        .contains("p < 0.001");
    assertThat(text("tr[data-category='BRUISING'] .status-badge[data-source='Moghim']"))
        .contains("CONSISTENT").contains("in line with the published rate");
    assertThat(text("tr[data-category='SERIOUS'] .counts")).isEqualTo("1 / 315");
    // The summary reads the same figures.
    assertThat(text("#tile-sessions .value")).isEqualTo("315");
    assertThat(text("#period")).contains("whole network").contains("last 90 days").contains("2026");

    // Alerts, newest first: the pneumothorax at C3.
    assertThat(attributes("#alerts li[data-alert-id]", "data-alert-id")).containsExactly("a-4", "a-3", "a-2", "a-1");
    assertThat(text("#alerts li[data-alert-id]")).contains("SENTINEL").contains("Pneumothorax reported at clinic C3");

    // Guideline flags: C3 has 3 needle-size flags per 30 days, so 9 over 90; C1 6 flags in all.
    assertThat(text("td[data-clinic='C3'][data-flag='NEEDLE_SPEC_OUT_OF_RANGE']")).isEqualTo("9");
    assertThat(text("td.total[data-clinic='C1']")).isEqualTo("6");

    // Efficacy: NPRS at week 4, changes 3.00, 2.50 and 1.00 points, three times over 90 days.
    assertThat(text("tr[data-instrument='NPRS'][data-timepoint='WEEK_4'] .mean")).isEqualTo("2.2");
    assertThat(text("tr[data-instrument='NPRS'][data-timepoint='WEEK_4']")).contains("9").contains("INCONCLUSIVE");
    assertThat(text("tr[data-instrument='NPRS'][data-timepoint='DISCHARGE']")).contains("ABOVE MCID");

    // Funnel of bruising: C3 (27 of 90 sessions) is above the 99.8% limit around Boyce 2020.
    new Select(find("#funnel-category")).selectByValue("BRUISING");
    waitFor("the funnel to show bruising", () -> text("#funnel-hint").contains("bruising"));
    waitFor("C3 named as an outlier", () -> text("#funnel-outliers").contains("C3"));
    assertThat(text("#funnel-outliers")).contains("C3").contains("above the 99.8% limit").doesNotContain("C1");
    assertThat(text("#funnel-points tr[data-clinic='C3']")).contains("90").contains("27").contains("30.0");
    assertThat(clinicPointsInChart()).containsExactly("C1", "C2", "C3", "C4");
    screenshot("viewer-network-90-days", "#complications-card", "#funnel-card", "#efficacy-card", "#compliance-card");

    // 30 days: a third of the activity; bruising moves from ALARM to WARNING, no serious event any more.
    click("[data-window='30']");
    waitFor("the 30-day figures", () -> text("tr[data-category='BRUISING'] .counts").equals("15 / 105"));
    assertThat(text(boyce)).contains("WARNING").contains("more events than the published rate would explain (p = 0.02");
    assertThat(text("tr[data-category='SERIOUS'] .counts")).isEqualTo("0 / 105");
    assertThat(text("td[data-clinic='C3'][data-flag='NEEDLE_SPEC_OUT_OF_RANGE']")).isEqualTo("3");
    assertThat(text("#period")).contains("last 30 days");
    waitFor("the 30-day funnel", () -> text("#funnel-points tr[data-clinic='C3']").contains("30.0")
        && text("#funnel-points tr[data-clinic='C1']").contains("40"));
    screenshot("viewer-network-30-days");
  }

  @Test
  void theDashboardRunsUnderItsContentSecurityPolicy() {
    signIn(TestTokens.VIEWER);
    new Select(find("#funnel-category")).selectByValue("BRUISING");
    waitFor("the clinics in the funnel chart", () -> clinicPointsInChart().contains("C3"));

    // Nothing the dashboard or Chart.js does was refused by the policy...
    List<String> refused = browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
        .map(org.openqa.selenium.logging.LogEntry::getMessage)
        .filter(m -> m.contains("Content Security Policy"))
        .toList();
    assertThat(refused).isEmpty();
    // ...and it is in force: an inline script put into the page does not run.
    assertThat(((JavascriptExecutor) browser).executeScript("const s = document.createElement('script');"
        + "s.textContent = 'window.inlineRan = true'; document.head.appendChild(s);"
        + "return window.inlineRan === true;")).isEqualTo(false);
    // The confidence interval of an ALARM row is drawn in its status colour (#b42318), without an inline style.
    assertThat(((JavascriptExecutor) browser).executeScript("return getComputedStyle(document.querySelector("
        + "\"tr[data-category='BRUISING'] .ci-line\")).stroke")).isEqualTo("rgb(180, 35, 24)");
  }

  @Test
  void aViewerCanLookAtOneClinicAndOneIndication() {
    signIn(TestTokens.VIEWER);

    assertThat(texts("#scope option")).containsExactly("Whole network", "Clinic C1", "Clinic C2", "Clinic C3", "Clinic C4");
    new Select(find("#scope")).selectByValue("clinic:C3");
    waitFor("clinic C3's figures", () -> text("tr[data-category='BRUISING'] .counts").equals("27 / 90"));
    assertThat(text("#period")).contains("clinic C3");

    new Select(find("#indication")).selectByValue("NECK_PAIN");
    waitFor("neck pain figures", () -> text("tr[data-category='BRUISING'] .counts").equals("13 / 45"));
    // The neck-only baseline applies now, and only now.
    assertThat(attributes("tr[data-category='BRUISING'] .status-badge", "data-source"))
        .containsExactly("Boyce 2020", "Brady 2014", "Moghim", "Test 2024");
    screenshot("viewer-clinic-C3-neck-pain");
  }

  @Test
  void aClinicTokenSeesOnlyItsOwnClinic() {
    signIn(TestTokens.CLINIC_C1);

    assertThat(texts("#scope option")).containsExactly("Clinic C1 (your clinic)");
    assertThat(find("#scope").isEnabled()).isFalse();
    // C1 over 90 days: 9 bruises in 120 sessions.
    assertThat(text("tr[data-category='BRUISING'] .counts")).isEqualTo("9 / 120");
    assertThat(text("#period")).contains("clinic C1");
    assertThat(attributes("#funnel-points tr[data-clinic]", "data-clinic")).containsExactly("C1");
    assertThat(clinicPointsInChart()).containsExactly("C1");
    assertThat(attributes("#alerts li[data-alert-id]", "data-alert-id")).containsExactly("a-1");
    assertThat(attributes("#compliance tbody tr[data-clinic]", "data-clinic")).containsExactly("C1");
    assertThat(text("#main")).doesNotContain("Clinic C3").doesNotContain("Pneumothorax reported");
    screenshot("clinic-C1");
  }

  @Test
  void figuresAndAlertsUpdateLiveWithoutReloading() {
    signIn(TestTokens.VIEWER);
    Object page = ((JavascriptExecutor) browser).executeScript("return window.performance.timeOrigin");
    int recentAlerts = Integer.parseInt(text("#tile-recent-alerts .value"));

    registry.alerts.add(JsonNodeFactory.instance.objectNode()
        .put("alertId", "a-5").put("kind", "SENTINEL").put("raisedAt", Instant.now().toEpochMilli())
        .put("scope", "clinic:C2").put("clinicId", "C2").put("indication", "ALL").put("category", "SERIOUS")
        .put("message", "Serious adverse event at clinic C2 (session S-7)"));
    waitFor("the new alert at the top of the feed",
        () -> text("#alerts li[data-alert-id]").contains("Serious adverse event at clinic C2"));
    // The count of the last 7 days depends on today's date, but the new alert adds one to it.
    waitFor("the recent-alerts tile to count it", () -> text("#tile-recent-alerts .value").equals(String.valueOf(recentAlerts + 1)));

    registry.ready = false;
    waitFor("the starting notice", () -> text("#status").contains("Registry starting"));
    registry.ready = true;
    waitFor("live again", () -> text("#status").startsWith("Live"));
    assertThat(((JavascriptExecutor) browser).executeScript("return window.performance.timeOrigin")).isEqualTo(page);
  }

  @Test
  void anUnknownTokenIsToldSoAndSeesNoFigures() {
    browser.get(base());
    find("#token").sendKeys("not-a-token-of-this-registry");
    click("#connect");
    waitFor("the refusal", () -> text("#status").equals("Token not recognised"));
    assertThat(find("#main").isDisplayed()).isFalse();
    assertThat(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('dnregistry.token')")).isNull();
  }

  @Test
  void theTokenIsKeptForTheTabAcrossReloads() {
    signIn(TestTokens.CLINIC_C3);
    browser.navigate().refresh();
    waitFor("live after a reload", () -> text("#status").startsWith("Live"));
    assertThat(text("tr[data-category='BRUISING'] .counts")).isEqualTo("27 / 90");
  }

  // ------------------------------------------------------------------------------------------------------

  private String base() {
    return "http://127.0.0.1:" + server.port() + "/?poll=" + POLL_MS;
  }

  private void signIn(String token) {
    browser.get(base());
    find("#token").sendKeys(token);
    click("#connect");
    waitFor("the dashboard to go live", () -> text("#status").startsWith("Live"));
  }

  private WebElement find(String css) {
    return browser.findElement(By.cssSelector(css));
  }

  /** The rendered text of the first element matching css, read in one script so a redraw cannot go stale under it. */
  private String text(String css) {
    Object text = ((JavascriptExecutor) browser).executeScript(
        "const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", css);
    return text == null ? "<nothing matches " + css + ">" : text.toString().trim();
  }

  /** The text of every element matching css, in document order. */
  @SuppressWarnings("unchecked")
  private List<String> texts(String css) {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(
        "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim());", css);
  }

  /** An attribute of every element matching css, in document order. */
  @SuppressWarnings("unchecked")
  private List<String> attributes(String css, String attribute) {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(
        "return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]));", css, attribute);
  }

  private void click(String css) {
    find(css).click();
  }

  private void waitFor(String what, Supplier<Boolean> condition) {
    wait.withMessage(() -> "waiting for " + what + "; status: " + text("#status"))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .ignoring(IndexOutOfBoundsException.class)
        .until(d -> condition.get());
  }

  /** The clinics drawn as points in the funnel chart, read from Chart.js itself. */
  @SuppressWarnings("unchecked")
  private List<String> clinicPointsInChart() {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(
        "const c = Chart.getChart('funnel-chart');"
            + "return c.data.datasets.find(d => d.clinicPoints).data.map(p => p.clinicId);");
  }

  /**
   * A full-page PNG, and one of each of {@code parts} (CSS selectors) at full resolution, named after the part's
   * id. The window is stretched to the page's height first, so nothing scrolls under the sticky controls.
   */
  private void screenshot(String name, String... parts) {
    Dimension before = browser.manage().window().getSize();
    long height = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight");
    browser.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(height + 140, 6000)));
    // Let the chart follow the resize (Chart.js redraws on a ResizeObserver callback).
    ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(done));");
    try {
      Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
      for (String part : parts) {
        Files.write(SCREENSHOTS.resolve(name + "-" + part.replaceAll("[^A-Za-z0-9-]", "") + ".png"),
            find(part).getScreenshotAs(OutputType.BYTES));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    browser.manage().window().setSize(before);
  }
}
