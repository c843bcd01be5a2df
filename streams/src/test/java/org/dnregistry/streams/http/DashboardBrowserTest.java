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
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Indication;
import org.dnregistry.streams.query.StoreBaselines;
import org.dnregistry.streams.testing.Events;
import org.dnregistry.streams.testing.RegistryDriver;
import org.dnregistry.streams.topology.StoreNames;
import org.dnregistry.topics.PublishedBaselines;
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
  /** The whole topology, for the tests whose figures must come from real facts. */
  private RegistryDriver topology;
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
    if (topology != null) {
      topology.close();
    }
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

    // Data quality, for the network and each clinic: every clinic has one session whose episode is unknown, and
    // 3 of its 4 episodes due a follow-up have one.
    assertThat(attributes("#data-quality tr[data-scope]", "data-scope"))
        .containsExactly("network", "clinic:C1", "clinic:C2", "clinic:C3", "clinic:C4");
    assertThat(text("#data-quality tr[data-scope='network'] td[data-kind='sessionsEpisodeUnknown']")).isEqualTo("4");
    assertThat(text("#data-quality tr[data-scope='clinic:C2'] td[data-kind='sessionsEpisodeUnknown']")).isEqualTo("1");
    assertThat(text("#data-quality tr[data-scope='clinic:C2'] td[data-kind='adverseEventsWrongEpisode']")).isEqualTo("0");
    assertThat(text("#data-quality tr[data-scope='network'] .follow-up")).contains("75%").contains("12 of 16");

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
    screenshot("viewer-network-90-days", "#complications-card", "#funnel-card", "#efficacy-card", "#compliance-card",
        "#data-quality-card");

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
    assertThat(attributes("#data-quality tr[data-scope]", "data-scope")).containsExactly("clinic:C1");
    assertThat(text("#main")).doesNotContain("Clinic C3").doesNotContain("Pneumothorax reported");
    // Its own CUSUM chart only (the fake path of C1 stays at 0).
    waitFor("the clinic's CUSUM chart", () -> attributes(".cusum[data-clinic]", "data-clinic").equals(List.of("C1")));
    assertThat(chartData("cusum-C1", "s")).isNotEmpty();
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

  // ---------------------------------------------------------------------- surveillance, through the topology

  /** Sessions a day at C1 (in control) and C3 (too many bruises) in the month the tests replay. */
  static final int SESSIONS_A_DAY = 10;
  static final LocalDate FIRST_DAY = LocalDate.of(2026, 11, 1);
  static final int DAYS = 30;
  /** Pneumothorax at C2, one a day on its two sessions a day but five: more SENTINEL alerts than a feed page. */
  static final int SENTINELS = 2 * DAYS - 5;
  /** Bruising's reference with the published baselines: Boyce 2020, the largest study (20,464 sessions). */
  static final double BRUISING_P0 = 0.077;

  /**
   * A month of facts through the whole topology (published baselines; C1 one bruise every third day, C3 two a day
   * in ten sessions, C2 a pneumothorax in most sessions), surveillance evaluated, and the dashboard's server
   * reading the topology's stores as production's does.
   */
  private void serveTheTopology() {
    server.close();
    topology = new RegistryDriver();
    PublishedBaselines.load().forEach(topology::put);
    // The driver's wall clock starts on 2026-01-01: bring it to now, so alerts are raised in the last 7 days.
    topology.advance(Duration.between(Instant.parse("2026-01-01T00:00:00Z"), Instant.now()));
    int sentinels = 0;
    for (int d = 0; d < DAYS; d++) {
      LocalDate day = FIRST_DAY.plusDays(d);
      sessions("C1", day, SESSIONS_A_DAY, d % 3 == 0 ? 1 : 0, AdverseEventCategory.BRUISING);
      sessions("C3", day, SESSIONS_A_DAY, 2, AdverseEventCategory.BRUISING);
      int pneumothoraces = Math.min(2, SENTINELS - sentinels);
      sessions("C2", day, 2, pneumothoraces, AdverseEventCategory.PNEUMOTHORAX);
      sentinels += pneumothoraces;
    }
    topology.evaluate();
    var t = topology;
    var queries = new org.dnregistry.streams.query.StoreRegistryQueries(t.figures(), () -> true,
        new StoreBaselines(() -> t.driver.getKeyValueStore(StoreNames.BASELINES)),
        () -> t.driver.getKeyValueStore(StoreNames.ALERTS), () -> FakeRegistry.CLINICS.subList(0, 3));
    server = QueryServer.start(0, queries, TestTokens.tokens(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    System.out.printf("injected %d days: C1 and C3 %d sessions a day (C1 a bruise every third day, C3 two a day),"
        + " C2 2 a day with %d pneumothoraces; alerts raised: %d%n", DAYS, SESSIONS_A_DAY, SENTINELS, alertsInStore());
  }

  /** {@code n} sessions of one episode of neck pain on {@code day}, the first {@code events} with an adverse event. */
  private void sessions(String clinic, LocalDate day, int n, int events, AdverseEventCategory category) {
    String episode = "E-" + clinic + "-" + day;
    topology.put(Events.episode(clinic, episode, Indication.NECK_PAIN, FIRST_DAY).build());
    for (int i = 0; i < n; i++) {
      String id = "S-" + clinic + "-" + day + "-" + i;
      topology.put(Events.session(clinic, id, episode, Events.noon(day)).build());
      if (i < events) {
        topology.put(Events.adverseEvent(clinic, "A-" + id, id, episode, category).build());
      }
    }
  }

  private long alertsInStore() {
    KeyValueStore<String, org.dnregistry.avro.Alert> store = topology.driver.getKeyValueStore(StoreNames.ALERTS);
    long n = 0;
    try (var it = store.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  /** C3's path recomputed by hand: each day adds 2 ln 2 - 10 p0; a day reaching 6 signals, and S restarts at 0. */
  static List<Double> expectedC3Path(List<Boolean> signals) {
    double w = 2 * Math.log(2) - SESSIONS_A_DAY * BRUISING_P0;
    var path = new java.util.ArrayList<Double>();
    double s = 0;
    for (int d = 0; d < DAYS; d++) {
      s = Math.max(0, s + w);
      path.add(s);
      signals.add(s >= 6);
      if (s >= 6) {
        s = 0;
      }
    }
    return path;
  }

  @Test
  void theCusumChartOfAClinicThatSignalsShowsSTheHLineAndItsSignalDays() {
    serveTheTopology();
    signIn(TestTokens.VIEWER);
    waitFor("a CUSUM chart per clinic", () -> attributes(".cusum[data-clinic]", "data-clinic")
        .equals(List.of("C1", "C2", "C3")));
    assertThat(find("#surveillance-category").getAttribute("value")).isEqualTo("BRUISING");
    assertThat(texts("#surveillance-category option")).contains("Bruising", "Any minor adverse event", "Serious adverse events")
        .doesNotContain("Pneumothorax", "Fainting / vasovagal reaction");

    var signals = new java.util.ArrayList<Boolean>();
    List<Double> expected = expectedC3Path(signals);
    var signalDays = new java.util.ArrayList<String>();
    for (int d = 0; d < DAYS; d++) {
      if (signals.get(d)) {
        signalDays.add(FIRST_DAY.plusDays(d).toString());
      }
    }
    assertThat(signalDays).as("the hand-made path signals three times").hasSize(3);

    // What Chart.js draws for C3: S by day, h = 6 on every day, a marker at S on each signal day.
    List<Double> s = numbers(chartData("cusum-C3", "s"));
    assertThat(s).hasSize(DAYS);
    for (int d = 0; d < DAYS; d++) {
      assertThat(s.get(d)).as("S on day " + d).isCloseTo(expected.get(d), org.assertj.core.api.Assertions.within(1e-9));
    }
    assertThat(numbers(chartData("cusum-C3", "h"))).hasSize(DAYS).containsOnly(6.0);
    assertThat(chartLabels("cusum-C3")).first().isEqualTo(FIRST_DAY.toString());
    List<Map<String, Object>> marked = pointsOf("cusum-C3", "signals");
    assertThat(marked).extracting(p -> (String) p.get("x")).containsExactlyElementsOf(signalDays);
    assertThat(marked).extracting(p -> ((Number) p.get("y")).doubleValue()).allSatisfy(y -> assertThat(y).isGreaterThanOrEqualTo(6));
    assertThat(attributes(".cusum[data-clinic='C3']", "data-signals")).containsExactly(String.join(" ", signalDays));
    assertThat(text(".cusum[data-clinic='C3'] .cusum-summary")).startsWith("3 signals on ").contains("h = 6");
    // C1 is below the reference: no marker, and it says so.
    assertThat(pointsOf("cusum-C1", "signals")).isEmpty();
    assertThat(numbers(chartData("cusum-C1", "s"))).allSatisfy(v -> assertThat(v).isLessThan(6));
    assertThat(text(".cusum[data-clinic='C1'] .cusum-summary")).startsWith("No signal");

    // The reference is named with its source and p0, and one sentence says what a signal means.
    assertThat(attributes("#surveillance-references .reference", "data-source")).containsExactly("Boyce 2020");
    assertThat(text("#surveillance-references")).contains("Boyce 2020").contains("p0 = 0.077").contains("7.7 per 100")
        .contains("every indication");
    assertThat(text("#surveillance-meaning")).startsWith("A signal").contains("more bruising than its reference rate")
        .contains("review its recent sessions");
    System.out.println("verified: C3's chart draws S on " + DAYS + " days as recomputed, h = 6 and signals on "
        + signalDays + "; C1 none; reference Boyce 2020 p0 0.077 named");
    screenshot("surveillance-bruising", "#surveillance-card", "#alerts-card", "#summary");

    // Another monitored category redraws every chart: C2's pneumothoraces count as minor events and signal there.
    new Select(find("#surveillance-category")).selectByValue("ANY_MINOR");
    waitFor("the any-minor paths", () -> text("#surveillance-meaning").contains("any minor adverse event"));
    waitFor("C2's any-minor signals", () -> !pointsOf("cusum-C2", "signals").isEmpty());
    assertThat(text("#surveillance-references")).contains("Boyce 2020").contains("p0 = 0.368");
  }

  @Test
  void theFeedShowsSentinelAndSignalAlertsWithWhatToDoAndTheTileCountsEveryAlert() {
    serveTheTopology();
    signIn(TestTokens.VIEWER);
    long all = alertsInStore();
    assertThat(all).as("more alerts than a feed page").isGreaterThan(50);

    // The feed lists one page (50); the tile counts every alert of the last 7 days (all of them were raised now).
    waitFor("the feed", () -> texts("#alerts li[data-alert-id]").size() == 50);
    assertThat(text("#tile-recent-alerts .value")).isEqualTo(String.valueOf(all));
    assertThat(text("#tile-recent-alerts .what")).isEqualTo("alerts in the last 7 days");

    assertThat(attributes("#alerts li[data-alert-id]", "data-kind")).contains("SENTINEL", "SIGNAL");
    String signal = text("#alerts li[data-alert-id='SIGNAL|clinic:C3|BRUISING|" + FIRST_DAY.plusDays(9) + "']");
    assertThat(signal).contains("SIGNAL").contains("Clinic C3").contains("What to do:")
        .contains("Review clinic C3's recent sessions with bruising against the reference rate (Boyce 2020, p0 = 0.077)")
        .contains("20 events in the 100 sessions of the 30 days to 2026-11-10");
    String sentinel = text("#alerts li[data-kind='SENTINEL']");
    assertThat(sentinel).contains("SENTINEL").contains("Pneumothorax · Clinic C2").contains("PNEUMOTHORAX")
        .contains("What to do: Review the case now");
    System.out.println("verified: feed of 50 with SENTINEL and SIGNAL alerts and their advice; tile counts " + all);
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

  /** The data of the dataset of a CUSUM chart marked {@code role} (s, h or signals), read from Chart.js. */
  private List<Object> chartData(String canvas, String role) {
    @SuppressWarnings("unchecked")
    List<Object> data = (List<Object>) ((JavascriptExecutor) browser).executeScript(
        "const c = Chart.getChart(arguments[0]); const d = c && c.data.datasets.find(x => x.cusum === arguments[1]);"
            + "return d ? d.data : null;", canvas, role);
    assertThat(data).as("dataset " + role + " of " + canvas).isNotNull();
    return data;
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> pointsOf(String canvas, String role) {
    return chartData(canvas, role).stream().map(p -> (Map<String, Object>) p).toList();
  }

  @SuppressWarnings("unchecked")
  private List<String> chartLabels(String canvas) {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(
        "return Chart.getChart(arguments[0]).data.labels;", canvas);
  }

  private static List<Double> numbers(List<Object> values) {
    return values.stream().map(v -> ((Number) v).doubleValue()).toList();
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
