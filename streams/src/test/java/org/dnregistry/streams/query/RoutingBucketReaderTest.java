package org.dnregistry.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.quality.DataQualityCounts;
import org.dnregistry.streams.quality.DataQualityKind;
import org.dnregistry.streams.topology.StoreNames;
import org.junit.jupiter.api.Test;

/**
 * Where RoutingBucketReader reads: from this instance's partition, from the owner, from each partition's owner,
 * or nowhere (503); and what LocalInternalQueries answers the others.
 */
class RoutingBucketReaderTest {
  static final HostInfo SELF = new HostInfo("10.0.0.1", 8080);
  static final HostInfo OTHER = new HostInfo("10.0.0.2", 8080);
  static final HostInfo THIRD = new HostInfo("10.0.0.3", 9090);
  static final LocalDate DAY = LocalDate.of(2026, 3, 1);

  /** Owners by series; a series not in the map has no known owner (rebalancing). */
  static final class Directory implements InstanceDirectory {
    Map<String, Owner> owners = Map.of();
    List<HostInfo> partitionOwners = List.of(SELF, OTHER, SELF);
    final List<String> storesAsked = new ArrayList<>();

    @Override
    public HostInfo self() {
      return SELF;
    }

    @Override
    public Owner ownerOfSeries(String series) {
      Owner owner = owners.get(series);
      if (owner == null) {
        throw new InvalidStateStoreException("no owner of " + series);
      }
      return owner;
    }

    @Override
    public List<HostInfo> ownersOfPartitions(String storeName) {
      storesAsked.add(storeName);
      if (partitionOwners.isEmpty()) {
        throw new InvalidStateStoreException("rebalancing");
      }
      return partitionOwners;
    }
  }

  /**
   * This instance's partitions: those in {@code running}; a read of another throws as Kafka Streams does. A
   * bucket holds as many sessions as the partition number plus the series name's length.
   */
  static final class Local implements LocalPartitions {
    Set<Integer> running = Set.of(0, 2);
    final List<String> calls = new ArrayList<>();

    private void check(int partition) {
      if (!running.contains(partition)) {
        throw new InvalidStateStoreException("partition " + partition + " is not running here");
      }
    }

    @Override
    public BucketReader buckets(int partition) {
      return new BucketReader() {
        @Override
        public List<DayBucket> read(String series, LocalDate from, LocalDate to) {
          calls.add("read " + partition + " " + series + " " + from + " " + to);
          check(partition);
          return List.of(new DayBucket(DAY, DayCounters.builder().addSessions(100L * partition + series.length())
              .build()));
        }

        @Override
        public Optional<LocalDate> latestSessionDay(String series) {
          calls.add("latest " + partition + " " + series);
          check(partition);
          return Optional.of(DAY.plusDays(partition));
        }

        @Override
        public List<String> clinics() {
          calls.add("clinics " + partition);
          check(partition);
          return List.of("C" + partition, "C1");
        }

        @Override
        public DataQualityCounts quality(String scope) {
          calls.add("quality " + partition + " " + scope);
          check(partition);
          return DataQualityCounts.of(DataQualityKind.SESSION_EPISODE_UNKNOWN, partition + 1);
        }
      };
    }

    @Override
    public List<String> referenceClinics(int partition) {
      calls.add("reference " + partition);
      check(partition);
      return List.of("R" + partition);
    }
  }

  /** The other instances: each answers with what identifies it; a host in {@code down} cannot answer. */
  static final class Peers implements PeerClient {
    final List<String> calls = new ArrayList<>();
    List<HostInfo> down = List.of();

    private void check(HostInfo host) {
      if (down.contains(host)) {
        throw new InvalidStateStoreException(host + " is restoring");
      }
    }

    @Override
    public List<BucketReader.DayBucket> buckets(HostInfo host, String series, LocalDate from, LocalDate to) {
      calls.add("buckets " + host + " " + series + " " + from + " " + to);
      check(host);
      return List.of(new BucketReader.DayBucket(DAY.plusDays(1), DayCounters.builder().addSessions(host.port())
          .build()));
    }

    @Override
    public Optional<LocalDate> latestSessionDay(HostInfo host, String series) {
      calls.add("latest " + host + " " + series);
      check(host);
      return Optional.of(DAY.plusDays(7));
    }

    @Override
    public List<String> clinicsWithFigures(HostInfo host, List<Integer> partitions) {
      calls.add("clinics " + host + " " + partitions);
      check(host);
      return List.of("C3", "C1", "of-" + host.host());
    }

    @Override
    public List<String> referenceClinics(HostInfo host, List<Integer> partitions) {
      calls.add("reference " + host + " " + partitions);
      check(host);
      return List.of("R-" + host.host());
    }

    @Override
    public DataQualityCounts quality(HostInfo host, String scope) {
      calls.add("quality " + host + " " + scope);
      check(host);
      return DataQualityCounts.of(DataQualityKind.OUTCOME_EPISODE_UNKNOWN, 100);
    }

    @Override
    public DataQualityCounts qualityOfClinics(HostInfo host, List<Integer> partitions) {
      calls.add("quality " + host + " " + partitions);
      check(host);
      return DataQualityCounts.of(DataQualityKind.OUTCOME_EPISODE_UNKNOWN, 1000);
    }
  }

  final Directory directory = new Directory();
  final Local local = new Local();
  final Peers peers = new Peers();
  final RoutingBucketReader reader = new RoutingBucketReader(local, directory, peers);
  final LocalInternalQueries internal = new LocalInternalQueries(directory, local);

  @Test
  void aSeriesThisInstanceOwnsIsReadHereFromItsPartitionOnly() {
    directory.owners = Map.of("clinic:C1|ALL", new InstanceDirectory.Owner(SELF, 2));

    var buckets = reader.read("clinic:C1|ALL", DAY.minusDays(29), DAY);

    assertThat(buckets).singleElement().satisfies(b -> assertThat(b.counters().sessions()).isEqualTo(213));
    assertThat(local.calls).containsExactly("read 2 clinic:C1|ALL " + DAY.minusDays(29) + " " + DAY);
    assertThat(peers.calls).isEmpty();
    assertThat(reader.latestSessionDay("clinic:C1|ALL")).contains(DAY.plusDays(2));
  }

  @Test
  void aSeriesAnotherInstanceOwnsIsReadFromThatInstanceWithTheSameRange() {
    directory.owners = Map.of("network|ALL", new InstanceDirectory.Owner(OTHER, 1));

    var buckets = reader.read("network|ALL", null, DAY);

    assertThat(buckets).singleElement().satisfies(b -> {
      assertThat(b.day()).isEqualTo(DAY.plusDays(1));
      assertThat(b.counters().sessions()).isEqualTo(8080);
    });
    assertThat(peers.calls).containsExactly("buckets " + OTHER + " network|ALL null " + DAY);
    assertThat(reader.latestSessionDay("network|ALL")).contains(DAY.plusDays(7));
    assertThat(local.calls).isEmpty();
  }

  @Test
  void anUnknownOwnerAPartitionStillRestoringHereOrAnOwnerThatCannotAnswerIsInvalidStateNotAnEmptyAnswer() {
    directory.owners = Map.of("network|ALL", new InstanceDirectory.Owner(OTHER, 1),
        "clinic:C2|ALL", new InstanceDirectory.Owner(SELF, 1));
    var figures = new FiguresService(reader, List::of, Clock.systemUTC());

    assertThatThrownBy(() -> reader.read("clinic:C9|ALL", null, DAY)).isInstanceOf(InvalidStateStoreException.class);
    assertThatThrownBy(() -> figures.complications("clinic:C9", "ALL", "30", DAY))
        .isInstanceOf(InvalidStateStoreException.class);
    // Assigned here by the metadata, but its task is not running yet.
    assertThatThrownBy(() -> figures.complications("clinic:C2", "ALL", "30", DAY))
        .isInstanceOf(InvalidStateStoreException.class);
    peers.down = List.of(OTHER);
    assertThatThrownBy(() -> figures.complications("network", "ALL", "30", DAY))
        .isInstanceOf(InvalidStateStoreException.class);
    assertThatThrownBy(figures::defaultAsOf).isInstanceOf(InvalidStateStoreException.class);
  }

  @Test
  void clinicsAreGatheredPartitionByPartitionFromEachOwnerAndMerged() {
    directory.partitionOwners = List.of(OTHER, SELF, THIRD, SELF, OTHER);
    local.running = Set.of(1, 3);

    assertThat(reader.clinics()).containsExactly("C1", "C3", "of-10.0.0.2", "of-10.0.0.3");
    assertThat(directory.storesAsked).containsExactly(StoreNames.SERIES_INDEX);
    assertThat(local.calls).containsExactly("clinics 1", "clinics 3");
    assertThat(peers.calls).containsExactly("clinics " + OTHER + " [0, 4]", "clinics " + THIRD + " [2]");
  }

  @Test
  void referenceClinicsAreGatheredFromEachOwnerOfThePartitionsOfTheClinicsTable() {
    directory.partitionOwners = List.of(SELF, THIRD, SELF);

    assertThat(reader.referenceClinics().get()).containsExactly("R-10.0.0.3", "R0", "R2");
    assertThat(directory.storesAsked).containsExactly(StoreNames.REFERENCE_CLINICS);
    assertThat(peers.calls).containsExactly("reference " + THIRD + " [1]");
  }

  @Test
  void aClinicsDataQualityIsReadFromItsScopesOwnerAndTheNetworksIsGatheredFromEveryPartition() {
    directory.owners = Map.of("clinic:C1|ALL", new InstanceDirectory.Owner(SELF, 2),
        "clinic:C2|ALL", new InstanceDirectory.Owner(OTHER, 1));
    assertThat(reader.quality("clinic:C1").get(DataQualityKind.SESSION_EPISODE_UNKNOWN)).isEqualTo(3);
    assertThat(reader.quality("clinic:C2").get(DataQualityKind.OUTCOME_EPISODE_UNKNOWN)).isEqualTo(100);
    assertThat(local.calls).containsExactly("quality 2 clinic:C1");
    assertThat(peers.calls).containsExactly("quality " + OTHER + " clinic:C2");

    directory.partitionOwners = List.of(SELF, OTHER, SELF);
    DataQualityCounts network = reader.quality("network");
    assertThat(network.get(DataQualityKind.SESSION_EPISODE_UNKNOWN)).isEqualTo(1 + 3);
    assertThat(network.get(DataQualityKind.OUTCOME_EPISODE_UNKNOWN)).isEqualTo(1000);
    assertThat(directory.storesAsked).containsExactly(StoreNames.DATA_QUALITY);
  }

  @Test
  void gatheringFailsWholeWhenAPartitionCannotBeReadOrItsOwnerIsNotKnown() {
    directory.partitionOwners = List.of(SELF, OTHER, THIRD);
    peers.down = List.of(THIRD);
    assertThatThrownBy(reader::clinics).isInstanceOf(InvalidStateStoreException.class);

    peers.down = List.of();
    directory.partitionOwners = List.of(SELF, SELF, SELF);
    // Partition 1 is this instance's by the metadata, but still restoring: not silently left out.
    assertThatThrownBy(reader::clinics).isInstanceOf(InvalidStateStoreException.class);
    assertThatThrownBy(() -> reader.referenceClinics().get()).isInstanceOf(InvalidStateStoreException.class);

    directory.partitionOwners = List.of();
    assertThatThrownBy(reader::clinics).isInstanceOf(InvalidStateStoreException.class);
  }

  @Test
  void theInternalAnswerIsThisInstancesPartitionsOnlyAndRefusesWhatMovedOrRestores() {
    directory.owners = Map.of("clinic:C1|ALL", new InstanceDirectory.Owner(SELF, 0),
        "clinic:C2|ALL", new InstanceDirectory.Owner(OTHER, 1),
        "clinic:C4|ALL", new InstanceDirectory.Owner(SELF, 1));

    assertThat(BucketJson.buckets(internal.buckets("clinic:C1|ALL", null, DAY), "clinic:C1|ALL")).hasSize(1);
    assertThatThrownBy(() -> internal.buckets("clinic:C2|ALL", null, DAY))
        .isInstanceOf(InvalidStateStoreException.class);
    assertThatThrownBy(() -> internal.latestSessionDay("clinic:C2|ALL"))
        .isInstanceOf(InvalidStateStoreException.class);
    assertThatThrownBy(() -> internal.latestSessionDay("clinic:C3|ALL"))
        .isInstanceOf(InvalidStateStoreException.class);
    assertThatThrownBy(() -> internal.buckets("clinic:C4|ALL", null, DAY))
        .isInstanceOf(InvalidStateStoreException.class);
    assertThat(BucketJson.clinics(internal.clinicsWithFigures(List.of(2, 0)))).containsExactly("C0", "C1", "C2");
    assertThat(BucketJson.clinics(internal.referenceClinics(List.of(0)))).containsExactly("R0");
    assertThatThrownBy(() -> internal.clinicsWithFigures(List.of(0, 1))).isInstanceOf(InvalidStateStoreException.class);
    assertThat(peers.calls).as("the internal API never asks further").isEmpty();
  }
}
