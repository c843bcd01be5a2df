package org.dnregistry.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.dnregistry.access.Tokens;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.buckets.Series;
import org.dnregistry.streams.quality.DataQualityCounts;
import org.dnregistry.streams.http.InternalApi;
import org.dnregistry.streams.http.InternalToken;
import org.dnregistry.streams.http.QueryServer;
import org.dnregistry.streams.oracle.HistoryGenerator;
import org.dnregistry.streams.oracle.Oracle;
import org.dnregistry.streams.oracle.TopicRecord;
import org.dnregistry.streams.testing.RegistryDriver;
import org.dnregistry.streams.topology.StoreNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two query servers, each holding the partitions of one instance (the day buckets of a series and the clinics of
 * the reference data on one of three partitions, two partitions on A, one on B), routing over real HTTP through
 * the internal API: both answer every figure exactly as the oracle and as one instance holding everything does.
 * The partitions are a stand-in here (a topology test driver holds them all); the real broker's are in RoutingIT.
 */
class TwoInstancesOverHttpTest {
  static final String VIEWER = "viewer-token-0123456789";
  static final String SECRET = "internal-secret-0123456789";
  static final int PARTITIONS = 3;

  final RegistryDriver d = new RegistryDriver();
  final List<TopicRecord> history = HistoryGenerator.generate(20261120L, 40);
  final Oracle oracle = Oracle.of(history);
  final Clock clock = Clock.fixed(RegistryDriver.TODAY.atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);
  final Tokens tokens = tokens();
  /** The address of each instance, known once its server listens. */
  final HostInfo[] hosts = new HostInfo[2];
  final List<QueryServer> servers = new ArrayList<>();
  final AtomicInteger[] remoteReads = {new AtomicInteger(), new AtomicInteger()};
  final List<Directory> directories = new ArrayList<>();
  final List<Partitions> locals = new ArrayList<>();
  QueryServer single;

  static Tokens tokens() {
    try {
      return Tokens.parse(new ObjectMapper().readTree("{\"tokens\":[{\"token\":\"" + VIEWER + "\",\"role\":\"viewer\"}]}"),
          "test");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A key's partition, as the default partitioner finds it. */
  static int partitionOf(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  }

  /** Partition 1 is B's, partitions 0 and 2 are A's. */
  static int instanceOfPartition(int partition) {
    return partition == 1 ? 1 : 0;
  }

  static int instanceOf(String key) {
    return instanceOfPartition(partitionOf(key));
  }

  /** Instance {@code me}'s partitions of the driver's stores; another partition is not here, as in Kafka Streams. */
  final class Partitions implements LocalPartitions {
    final int me;

    Partitions(int me) {
      this.me = me;
    }

    private void check(int partition) {
      if (instanceOfPartition(partition) != me) {
        throw new InvalidStateStoreException("partition " + partition + " is not on instance " + me);
      }
    }

    @Override
    public BucketReader buckets(int partition) {
      return new LocalBucketReader(
          () -> {
            check(partition);
            return new FilteredStore<DayCounters>(d.driver.getKeyValueStore(StoreNames.DAY_BUCKETS),
                key -> partitionOf(Series.scopeOf(key)) == partition);
          },
          () -> {
            check(partition);
            return new FilteredStore<Long>(d.driver.getKeyValueStore(StoreNames.SERIES_INDEX),
                series -> partitionOf(Series.scopeOf(series)) == partition);
          },
          () -> {
            check(partition);
            return new FilteredStore<DataQualityCounts>(d.driver.getKeyValueStore(StoreNames.DATA_QUALITY),
                scope -> partitionOf(scope) == partition);
          });
    }

    /** Every episode task holds every clinic. */
    @Override
    public List<String> referenceClinics(int partition) {
      check(partition);
      return clinicKeys();
    }
  }

  final class Directory implements InstanceDirectory {
    final int me;
    volatile boolean rebalancing;

    Directory(int me) {
      this.me = me;
    }

    @Override
    public HostInfo self() {
      return hosts[me];
    }

    @Override
    public Owner ownerOfSeries(String series) {
      if (rebalancing) {
        throw new InvalidStateStoreException("rebalancing");
      }
      return new Owner(hosts[instanceOf(Series.scopeOf(series))], partitionOf(Series.scopeOf(series)));
    }

    @Override
    public List<HostInfo> ownersOfPartitions(String storeName) {
      if (rebalancing) {
        throw new InvalidStateStoreException("rebalancing");
      }
      var owners = new ArrayList<HostInfo>();
      for (int p = 0; p < PARTITIONS; p++) {
        owners.add(hosts[instanceOfPartition(p)]);
      }
      return owners;
    }
  }

  /** Counts the reads this instance sends to the other, so the test knows routing happened. */
  static PeerClient counting(PeerClient inner, AtomicInteger count) {
    return new PeerClient() {
      @Override
      public List<BucketReader.DayBucket> buckets(HostInfo host, String series, LocalDate from, LocalDate to) {
        count.incrementAndGet();
        return inner.buckets(host, series, from, to);
      }

      @Override
      public Optional<LocalDate> latestSessionDay(HostInfo host, String series) {
        count.incrementAndGet();
        return inner.latestSessionDay(host, series);
      }

      @Override
      public List<String> clinicsWithFigures(HostInfo host, List<Integer> partitions) {
        count.incrementAndGet();
        return inner.clinicsWithFigures(host, partitions);
      }

      @Override
      public List<String> referenceClinics(HostInfo host, List<Integer> partitions) {
        count.incrementAndGet();
        return inner.referenceClinics(host, partitions);
      }

      @Override
      public DataQualityCounts quality(HostInfo host, String scope) {
        count.incrementAndGet();
        return inner.quality(host, scope);
      }

      @Override
      public DataQualityCounts qualityOfClinics(HostInfo host, List<Integer> partitions) {
        count.incrementAndGet();
        return inner.qualityOfClinics(host, partitions);
      }
    };
  }

  @BeforeEach
  void start() {
    for (TopicRecord r : history) {
      d.pipe(r.topic(), r.key(), r.valueOrNull());
    }
    var baselines = new StoreBaselines(() -> d.driver.getKeyValueStore(StoreNames.BASELINES));
    for (int i = 0; i < 2; i++) {
      var partitions = new Partitions(i);
      var directory = new Directory(i);
      var reader = new RoutingBucketReader(partitions, directory,
          counting(new HttpPeerClient(InternalToken.of(SECRET), Duration.ofSeconds(5)), remoteReads[i]));
      var figures = new FiguresService(reader, baselines, clock);
      var queries = new StoreRegistryQueries(figures, () -> true, baselines,
          () -> d.driver.getKeyValueStore(StoreNames.ALERTS), reader.referenceClinics());
      var server = QueryServer.start(0, queries, tokens, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
          new InternalApi(new LocalInternalQueries(directory, partitions), InternalToken.of(SECRET)));
      servers.add(server);
      directories.add(directory);
      locals.add(partitions);
      hosts[i] = new HostInfo("127.0.0.1", server.port());
    }
    // One instance holding everything, without routing: what several instances must answer.
    var all = new StoreRegistryQueries(d.figures(), () -> true, baselines,
        () -> d.driver.getKeyValueStore(StoreNames.ALERTS), this::clinicKeys);
    single = QueryServer.start(0, all, tokens, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  private List<String> clinicKeys() {
    var ids = new ArrayList<String>();
    try (var it = d.driver.<String, Object>getKeyValueStore(StoreNames.REFERENCE_CLINICS).all()) {
      it.forEachRemaining(kv -> ids.add(kv.key));
    }
    return ids;
  }

  @AfterEach
  void stop() {
    servers.forEach(QueryServer::close);
    if (single != null) {
      single.close();
    }
    d.close();
  }

  private URI url(int port) {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Test
  void bothInstancesAnswerWhatOneInstanceAndTheOracleAnswer() {
    // The premise: each instance holds some of the day buckets.
    int[] buckets = new int[2];
    try (var it = d.buckets().all()) {
      it.forEachRemaining(kv -> buckets[instanceOf(Series.seriesOfBucket(kv.key))]++);
    }
    assertThat(buckets[0]).as("buckets on A").isPositive();
    assertThat(buckets[1]).as("buckets on B").isPositive();

    var instances = new InstancesAgree(List.of(url(servers.get(0).port()), url(servers.get(1).port())), VIEWER);
    var both = new InstancesAgree(List.of(url(servers.get(0).port()), url(servers.get(1).port()),
        url(single.port())), VIEWER);
    List<LocalDate> asOfs = new ArrayList<>();
    asOfs.add(null);
    asOfs.add(oracle.asOfsToTry().get(oracle.asOfsToTry().size() / 2));
    int compared = both.figures(oracle, asOfs, List.of("ALL", "NECK_PAIN", "CHRONIC_LOW_BACK_PAIN"),
        List.of("30", "365", "all"), RegistryDriver.TODAY);

    List<String> clinics = both.clinics(oracle, RegistryDriver.TODAY);
    both.funnels(oracle, clinics, List.of(ComplicationCategory.BRUISING, ComplicationCategory.SERIOUS), "all",
        RegistryDriver.TODAY);
    instances.same("/v1/baselines");

    assertThat(compared).isGreaterThan(100);
    assertThat(remoteReads[0].get()).as("reads A sent to B").isPositive();
    assertThat(remoteReads[1].get()).as("reads B sent to A").isPositive();
  }

  @Test
  void anUnknownOwnerOrAnInstanceThatIsGoneIs503WithRetryAfterNotAWrongNumber() {
    var a = new InstancesAgree(List.of(url(servers.get(0).port())), VIEWER);
    String network = "/v1/complications?scope=network&indication=ALL&window=all";
    assertThat(a.get(url(servers.get(0).port()), network).status()).isEqualTo(200);

    directories.get(0).rebalancing = true;
    var during = a.get(url(servers.get(0).port()), network);
    assertThat(during.status()).isEqualTo(503);
    assertThat(during.header("Retry-After")).contains(Integer.toString(QueryServer.RETRY_AFTER_SECONDS));
    directories.get(0).rebalancing = false;

    // B stops: whatever A must read from B cannot be answered, and A says so.
    servers.get(1).close();
    String seriesOfB = oracle.scopes().stream().filter(s -> instanceOf(Series.of(s, Series.ALL)) == 1).findFirst()
        .orElseThrow();
    var gone = a.get(url(servers.get(0).port()), "/v1/complications?scope=" + seriesOfB + "&window=all&asOf=2026-11-20");
    assertThat(gone.status()).as(gone.body()).isEqualTo(503);
    assertThat(gone.header("Retry-After")).isPresent();
    assertThat(a.get(url(servers.get(0).port()), "/v1/clinics").status()).isEqualTo(503);
  }
}
