package org.dnregistry.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dnregistry.simulate.NetworkModel;
import org.dnregistry.simulate.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The registry as it runs in production, in containers of its own image: three KRaft nodes (replication factor 3,
 * min.insync.replicas 2), Apicurio, two ingest gateways and streams instances, loaded by the simulator through
 * the gateways while the test stops one broker, pauses another, cuts a third off the network, kills a streams
 * container and starts it again on its state volume. Verified: the load goes on through every broker fault, the surviving streams instance answers the
 * query API, and once everything settles every clinic's figures equal a recount of exactly the events that were
 * answered 202 (so none of them was lost, and none counted twice). Each step is printed with its times.
 *
 * <p>With {@code -Dcontainers.compare=true} it first measures one streams instance against two on the same backlog
 * (time from their start until the figures equal the recount).
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
final class ClusterFaultsIT {
  private static final Duration SETTLE = Duration.ofMinutes(7);
  private final FaultLog log = new FaultLog();

  @Test
  void noAcceptedEventIsLostThroughBrokerAndStreamsFaults() throws Exception {
    var model = NetworkModel.standard();
    var secrets = Secrets.generate(model.clinics().stream().map(NetworkModel.ClinicSpec::clinicId).toList());
    var query = new QueryClient(secrets.viewer());
    try (var cluster = new Cluster()) {
      Instant t0 = Instant.now();
      cluster.start();
      log.print("3 KRaft nodes and the schema registry ready in %s", FaultLog.seconds(Duration.between(t0, Instant.now())));

      // Three partitions, not the manifests' six: half the tasks (and transactions' partitions) on two loaded cores.
      String topics = cluster.runToEnd(AppContainer.job(cluster.network(), "topics", secrets, "topics", "--partitions",
          "3", "--replication-factor", "3").withEnv("DNREGISTRY_KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers()),
          Duration.ofMinutes(3));
      log.print("topics command: %s", topics.strip().replace('\n', ' '));

      var ingests = new CopyOnWriteArrayList<AppContainer>();
      for (int i = 1; i <= 2; i++) {
        ingests.add(cluster.add(AppContainer.ingest(cluster.network(), "ingest-" + i, cluster.bootstrapServers(), secrets)));
      }
      log.print("2 ingest gateways ready");
      // Podman's Docker API leaves the health check out of an image's config; its own CLI shows it.
      String image = Cluster.podman("image", "inspect", "--format",
          "user={{.Config.User}} volumes={{json .Config.Volumes}} health={{json .HealthCheck}}",
          Images.REGISTRY_APP.asCanonicalNameString()).output();
      assertThat(image).as("the image: non-root user, state volume, health check").contains("user=10001 ")
          .contains("\"/var/lib/dn-registry\"").contains("/opt/dn-registry/bin/healthcheck.sh");
      assertThat(cluster.healthcheckPasses(ingests.get(0))).as("the image's health check on ingest-1").isTrue();
      log.print("image: user 10001, volume /var/lib/dn-registry, its HEALTHCHECK reports ingest-1 healthy");
      var load = new AcceptedLoad(() -> ingests.stream().map(c -> URI.create(c.url())).toList(), secrets,
          Duration.ofMinutes(12));
      var simulator = new Simulator(model, 7, load, Clock.systemUTC());
      Instant b0 = Instant.now();
      simulator.referenceData();
      simulator.backfill(Integer.getInteger("containers.backfill.days", 30));
      Duration backfill = Duration.between(b0, Instant.now());
      int backlog = load.accepted().size();
      log.print("backfill: %d events accepted (%s) in %s, %d requests", backlog, load.acceptedByType(),
          FaultLog.seconds(backfill), load.acceptedRequests());

      // One instance against two on the same backlog, measured only when asked (-Dcontainers.compare=true): a
      // figure for the operations guide, not a check, and four minutes more on a loaded 2-core machine.
      Recount expected = Recount.of(load.accepted());
      if (Boolean.getBoolean("containers.compare")) {
        Instant one0 = Instant.now();
        var solo = cluster.add(AppContainer.streams(cluster.network(), "streams-solo", cluster.bootstrapServers(),
            secrets, "registry-solo", "streams-solo"));
        Duration oneInstance = Duration.between(one0, settled(query, List.of(solo), expected));
        log.print("ONE streams instance: figures equal the recount %s after its start (%d input events)",
            FaultLog.seconds(oneInstance), backlog);
        Cluster.Stop soloStop = cluster.stopGracefully(solo);
        log.print("SIGTERM to streams-solo: stopped in %s, exit code %d", FaultLog.seconds(soloStop.took()),
            soloStop.exitCode());
      }

      Instant two0 = Instant.now();
      var streams = new ArrayList<AppContainer>();
      // streams-1 advertises its network alias (as a pod's DNS name); streams-2 leaves it to the entrypoint (its IP).
      var s1 = AppContainer.streams(cluster.network(), "streams-1", cluster.bootstrapServers(), secrets, "registry", "streams-1");
      var s2 = AppContainer.streams(cluster.network(), "streams-2", cluster.bootstrapServers(), secrets, "registry", null);
      Thread other = new Thread(() -> cluster.add(s2));
      other.start();
      cluster.add(s1);
      other.join();
      streams.add(s1);
      streams.add(s2);
      Duration twoInstances = Duration.between(two0, settled(query, streams, expected));
      assertThat(cluster.healthcheckPasses(s2)).as("the image's health check on streams-2").isTrue();
      log.print("TWO streams instances: figures equal the recount %s after their start, on either instance (%d input"
          + " events)", FaultLog.seconds(twoInstances), backlog);

      // Live load through every fault.
      var liveError = new CopyOnWriteArrayList<Throwable>();
      Thread live = new Thread(() -> {
        try {
          simulator.live(Double.parseDouble(System.getProperty("containers.live.rate", "2")), Duration.ZERO);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          liveError.add(e);
        }
      }, "simulator");
      live.start();
      TimeUnit.SECONDS.sleep(5);
      log.print("live load: %d events accepted so far", load.accepted().size());

      brokerFault(cluster, load, "STOP kafka-1 (SIGTERM, container stopped)", () -> cluster.stopNode(cluster.node(1)),
          () -> cluster.startNode(cluster.node(1), Duration.ofMinutes(2)));
      brokerFault(cluster, load, "PAUSE kafka-2 (process frozen)", () -> cluster.pause(cluster.node(2)),
          () -> cluster.unpause(cluster.node(2)));
      brokerFault(cluster, load, "CUT kafka-3 off the network", () -> cluster.disconnect(cluster.node(3)),
          () -> cluster.reconnect(cluster.node(3), cluster.node(3).alias()));

      // A streams instance dies: the survivor takes its partitions and answers every query.
      long before = load.acceptedRequests();
      Instant k0 = Instant.now();
      cluster.kill(s1);
      log.print("KILL streams-1 (SIGKILL): injected");
      var statuses = new TreeMap<Integer, Integer>();
      Instant firstFull = null;
      while (Duration.between(k0, Instant.now()).compareTo(Duration.ofMinutes(3)) < 0) {
        var a = query.get(s2.url(), "/v1/complications?scope=network&indication=ALL&window=all");
        statuses.merge(a.status(), 1, Integer::sum);
        boolean allClinics = true;
        for (var clinic : secrets.clinics().keySet()) {
          allClinics &= query.clinicCounts(s2.url(), clinic).isPresent();
        }
        if (a.status() == 200 && allClinics) {
          firstFull = Instant.now();
          break;
        }
        TimeUnit.MILLISECONDS.sleep(500);
      }
      if (firstFull == null) {
        // What the survivor was doing: the end of its log.
        var lines = s2.getLogs().lines().toList();
        lines.subList(Math.max(0, lines.size() - 150), lines.size()).forEach(l -> log.print("streams-2| %s", l));
      }
      assertThat(firstFull).as("streams-2 answers every clinic after streams-1 died").isNotNull();
      assertThat(statuses.keySet()).as("answers of streams-2 meanwhile: 200, or 503 while partitions move")
          .isSubsetOf(200, 503);
      log.print("KILL streams-1: verified streams-2 answers the network and every clinic %s after the kill (answers"
          + " meanwhile by status: %s); %d requests accepted meanwhile", FaultLog.seconds(Duration.between(k0, firstFull)),
          statuses, load.acceptedRequests() - before);

      // The killed instance starts again on its own state volume, as a pod does after its node died: nobody deletes
      // its state. It must become ready by itself and serve its partitions again (checked at SETTLED below, where
      // both instances must answer the recount, each routing to the other for the partitions it does not hold).
      Instant r0 = Instant.now();
      cluster.restart(s1);
      log.print("RESTART streams-1 on its state volume after the SIGKILL: injected");
      Instant healthy = awaitHealthy(cluster, s1, Duration.ofMinutes(4));
      log.print("RESTART streams-1: verified ready (its HEALTHCHECK passes) %s after the restart",
          FaultLog.seconds(Duration.between(r0, healthy)));

      TimeUnit.SECONDS.sleep(5);
      live.interrupt();
      live.join(TimeUnit.MINUTES.toMillis(2));
      assertThat(liveError).isEmpty();
      Recount all = Recount.of(load.accepted());
      long sessions = all.clinics().values().stream().mapToLong(Recount.ClinicCounts::sessions).sum();
      log.print("load stopped: %d events accepted in %d requests (%d sent again after a 503 or a failed request);"
          + " %d sessions", load.accepted().size(), load.acceptedRequests(), load.retries(), sessions);
      Instant s0 = Instant.now();
      Instant equal = settled(query, List.of(s1, s2), all);
      log.print("SETTLED: every clinic's sessions and adverse events per category on both instances equal the recount"
          + " of the accepted events, %s after the load stopped", FaultLog.seconds(Duration.between(s0, equal)));
      Duration resync = cluster.awaitFullyReplicated(Duration.ofMinutes(2));
      log.print("every partition fully replicated (checked in %s)", FaultLog.seconds(resync));

      log.print("state volume of streams-2 (it holds every partition now): %.1f MiB for %d accepted events",
          cluster.volumeBytes(s2, "/var/lib/dn-registry") / 1048576.0, load.accepted().size());
      log.print("resident memory (MiB) after the run: ingest-1 %d, ingest-2 %d, streams-2 %d, kafka-1 %d, kafka-2 %d,"
          + " kafka-3 %d (heap capped at 320 MiB each)", cluster.rssMiB(ingests.get(0)), cluster.rssMiB(ingests.get(1)),
          cluster.rssMiB(s2), cluster.rssMiB(cluster.node(1)), cluster.rssMiB(cluster.node(2)), cluster.rssMiB(cluster.node(3)));

      for (var c : List.of(ingests.get(0), s1, s2)) {
        Cluster.Stop stop = cluster.stopGracefully(c);
        log.print("SIGTERM to %s: stopped in %s, exit code %d", c.alias(), FaultLog.seconds(stop.took()), stop.exitCode());
        assertThat(stop.exitCode()).isNotEqualTo(137);
        assertThat(stop.took()).isLessThan(Duration.ofSeconds(30));
      }
    }
  }

  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  /** Injects a broker fault for 20 s under load, requires accepted requests meanwhile, heals it, awaits resync. */
  private void brokerFault(Cluster cluster, AcceptedLoad load, String what, Step inject, Step heal) throws Exception {
    long before = load.acceptedRequests();
    Instant t0 = Instant.now();
    inject.run();
    log.print("%s: injected", what);
    TimeUnit.SECONDS.sleep(20);
    long during = load.acceptedRequests() - before;
    Duration sinceLast = Duration.between(load.last202(), Instant.now());
    log.print("%s: verified %d requests answered 202 during the fault (last one %s ago)", what, during,
        FaultLog.seconds(sinceLast));
    assertThat(during).as("requests accepted while " + what).isPositive();
    assertThat(sinceLast).as("the load is still accepted at the end of the fault").isLessThan(Duration.ofSeconds(10));
    Instant h0 = Instant.now();
    heal.run();
    Duration resync = cluster.awaitFullyReplicated(Duration.ofMinutes(3));
    log.print("%s: healed; every partition back in sync %s after healing (fault lasted %s)", what,
        FaultLog.seconds(Duration.between(h0, Instant.now())), FaultLog.seconds(Duration.between(t0, h0)));
  }

  /** Polls the container's own HEALTHCHECK (streams: {@code /health}, ready once RUNNING) until it passes. */
  private static Instant awaitHealthy(Cluster cluster, AppContainer c, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (cluster.healthcheckPasses(c)) {
        return Instant.now();
      }
      TimeUnit.SECONDS.sleep(2);
    }
    var lines = c.getLogs().lines().toList();
    throw new AssertionError(c.alias() + " not ready within " + timeout + " of its restart; its log ends with:\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size())));
  }

  /** Polls until every clinic's figures on every one of {@code instances} equal {@code expected}; returns when. */
  private Instant settled(QueryClient query, List<AppContainer> instances, Recount expected) throws InterruptedException {
    Instant deadline = Instant.now().plus(SETTLE);
    Map<String, Object> last = new TreeMap<>();
    while (Instant.now().isBefore(deadline)) {
      boolean equal = true;
      for (var instance : instances) {
        for (var entry : expected.clinics().entrySet()) {
          var actual = query.clinicCounts(instance.url(), entry.getKey());
          last.put(instance.alias() + "/" + entry.getKey(), actual.map(Object::toString).orElse("not answered"));
          equal &= actual.isPresent() && actual.get().equals(entry.getValue());
        }
      }
      if (equal) {
        return Instant.now();
      }
      TimeUnit.SECONDS.sleep(1);
    }
    throw new AssertionError("figures never equalled the recount within " + SETTLE + ".\nexpected " + expected
        + "\nlast answers " + last);
  }
}
