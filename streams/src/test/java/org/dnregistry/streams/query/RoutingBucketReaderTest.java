package org.dnregistry.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.topology.StoreNames;
import org.junit.jupiter.api.Test;

/** Where RoutingBucketReader reads: from this instance, from the owner, from every instance, or nowhere (503). */
class RoutingBucketReaderTest {
  static final HostInfo SELF = new HostInfo("10.0.0.1", 8080);
  static final HostInfo OTHER = new HostInfo("10.0.0.2", 8080);
  static final HostInfo THIRD = new HostInfo("10.0.0.3", 9090);
  static final LocalDate DAY = LocalDate.of(2026, 3, 1);

  /** Owners by series; a series not in the map has no known owner (rebalancing). */
  static final class Directory implements InstanceDirectory {
    Map<String, HostInfo> owners = Map.of();
    List<HostInfo> instances = List.of(SELF, OTHER);
    final List<String> storesAsked = new ArrayList<>();

    @Override
    public HostInfo self() {
      return SELF;
    }

    @Override
    public HostInfo ownerOfSeries(String series) {
      HostInfo owner = owners.get(series);
      if (owner == null) {
        throw new InvalidStateStoreException("no owner of " + series);
      }
      return owner;
    }

    @Override
    public List<HostInfo> instancesWith(String storeName) {
      storesAsked.add(storeName);
      if (instances.isEmpty()) {
        throw new InvalidStateStoreException("rebalancing");
      }
      return instances;
    }
  }

  /** This instance's buckets: one bucket with as many sessions as the series name is long, and fixed clinics. */
  static final class Local implements BucketReader {
    final List<String> calls = new ArrayList<>();

    @Override
    public List<DayBucket> read(String series, LocalDate from, LocalDate to) {
      calls.add("read " + series + " " + from + " " + to);
      return List.of(new DayBucket(DAY, DayCounters.builder().addSessions(series.length()).build()));
    }

    @Override
    public Optional<LocalDate> latestSessionDay(String series) {
      calls.add("latest " + series);
      return Optional.of(DAY);
    }

    @Override
    public List<String> clinics() {
      calls.add("clinics");
      return List.of("C2", "C1");
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
    public List<String> clinicsWithFigures(HostInfo host) {
      calls.add("clinics " + host);
      check(host);
      return List.of("C3", "C1", "of-" + host.host());
    }

    @Override
    public List<String> referenceClinics(HostInfo host) {
      calls.add("reference " + host);
      check(host);
      return List.of("R-" + host.host());
    }
  }

  final Directory directory = new Directory();
  final Local local = new Local();
  final Peers peers = new Peers();
  final RoutingBucketReader reader = new RoutingBucketReader(local, directory, peers);

  @Test
  void aSeriesThisInstanceOwnsIsReadHereOnly() {
    directory.owners = Map.of("clinic:C1|ALL", SELF);

    var buckets = reader.read("clinic:C1|ALL", DAY.minusDays(29), DAY);

    assertThat(buckets).singleElement().satisfies(b -> assertThat(b.counters().sessions()).isEqualTo(13));
    assertThat(local.calls).containsExactly("read clinic:C1|ALL " + DAY.minusDays(29) + " " + DAY);
    assertThat(peers.calls).isEmpty();
    assertThat(reader.latestSessionDay("clinic:C1|ALL")).contains(DAY);
    assertThat(reader.ownsHere("clinic:C1|ALL")).isTrue();
  }

  @Test
  void aSeriesAnotherInstanceOwnsIsReadFromThatInstanceWithTheSameRange() {
    directory.owners = Map.of("network|ALL", OTHER);

    var buckets = reader.read("network|ALL", null, DAY);

    assertThat(buckets).singleElement().satisfies(b -> {
      assertThat(b.day()).isEqualTo(DAY.plusDays(1));
      assertThat(b.counters().sessions()).isEqualTo(8080);
    });
    assertThat(peers.calls).containsExactly("buckets " + OTHER + " network|ALL null " + DAY);
    assertThat(reader.latestSessionDay("network|ALL")).contains(DAY.plusDays(7));
    assertThat(local.calls).isEmpty();
    assertThat(reader.ownsHere("network|ALL")).isFalse();
  }

  @Test
  void noKnownOwnerOrAnOwnerThatCannotAnswerIsInvalidStateNotAnEmptyAnswer() {
    directory.owners = Map.of("network|ALL", OTHER);
    var figures = new FiguresService(reader, List::of, Clock.systemUTC());

    assertThatThrownBy(() -> reader.read("clinic:C9|ALL", null, DAY)).isInstanceOf(InvalidStateStoreException.class);
    assertThatThrownBy(() -> reader.ownsHere("clinic:C9|ALL")).isInstanceOf(InvalidStateStoreException.class);
    assertThatThrownBy(() -> figures.complications("clinic:C9", "ALL", "30", DAY))
        .isInstanceOf(InvalidStateStoreException.class);
    peers.down = List.of(OTHER);
    assertThatThrownBy(() -> figures.complications("network", "ALL", "30", DAY))
        .isInstanceOf(InvalidStateStoreException.class);
    assertThatThrownBy(figures::defaultAsOf).isInstanceOf(InvalidStateStoreException.class);
    assertThat(local.calls).isEmpty();
  }

  @Test
  void clinicsAreGatheredFromEveryInstanceHoldingTheIndexAndMerged() {
    directory.instances = List.of(OTHER, SELF, THIRD);

    assertThat(reader.clinics()).containsExactly("C1", "C2", "C3", "of-10.0.0.2", "of-10.0.0.3");
    assertThat(directory.storesAsked).containsExactly(StoreNames.SERIES_INDEX);
    assertThat(local.calls).containsExactly("clinics");
    assertThat(peers.calls).containsExactly("clinics " + OTHER, "clinics " + THIRD);
  }

  @Test
  void referenceClinicsAreGatheredFromEveryInstanceHoldingTheClinicsTable() {
    directory.instances = List.of(SELF, THIRD);

    assertThat(reader.referenceClinics(() -> List.of("R-here", "R-10.0.0.3")).get())
        .containsExactly("R-10.0.0.3", "R-here");
    assertThat(directory.storesAsked).containsExactly(StoreNames.CLINICS);
    assertThat(peers.calls).containsExactly("reference " + THIRD);
  }

  @Test
  void gatheringFailsWholeWhenOneInstanceCannotAnswerOrNoneIsKnown() {
    directory.instances = List.of(SELF, OTHER, THIRD);
    peers.down = List.of(THIRD);
    assertThatThrownBy(reader::clinics).isInstanceOf(InvalidStateStoreException.class);

    directory.instances = List.of();
    assertThatThrownBy(reader::clinics).isInstanceOf(InvalidStateStoreException.class);
    assertThatThrownBy(() -> reader.referenceClinics(List::of).get()).isInstanceOf(InvalidStateStoreException.class);
  }

  @Test
  void theInternalAnswerRefusesASeriesThatHasMoved() {
    directory.owners = Map.of("clinic:C1|ALL", SELF, "clinic:C2|ALL", OTHER);
    var internal = new LocalInternalQueries(local, reader::ownsHere, () -> List.of("R1"));

    assertThat(BucketJson.buckets(internal.buckets("clinic:C1|ALL", null, DAY), "clinic:C1|ALL")).hasSize(1);
    assertThatThrownBy(() -> internal.buckets("clinic:C2|ALL", null, DAY))
        .isInstanceOf(InvalidStateStoreException.class);
    assertThatThrownBy(() -> internal.latestSessionDay("clinic:C2|ALL"))
        .isInstanceOf(InvalidStateStoreException.class);
    assertThatThrownBy(() -> internal.latestSessionDay("clinic:C3|ALL"))
        .isInstanceOf(InvalidStateStoreException.class);
    assertThat(BucketJson.clinics(internal.clinicsWithFigures())).containsExactly("C2", "C1");
    assertThat(BucketJson.clinics(internal.referenceClinics())).containsExactly("R1");
    assertThat(peers.calls).as("the internal API never asks further").isEmpty();
  }
}
