package org.dnregistry.streams.query;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;
import org.dnregistry.streams.quality.DataQualityCounts;

/**
 * Reads another instance's partitions through its internal API. Throws {@code InvalidStateStoreException} when
 * that instance cannot answer now (restoring, rebalancing, unreachable, or no longer the owner), so the query
 * answers 503.
 */
public interface PeerClient {
  List<BucketReader.DayBucket> buckets(HostInfo host, String series, LocalDate fromInclusive, LocalDate toInclusive);

  Optional<LocalDate> latestSessionDay(HostInfo host, String series);

  /** The clinics with figures in these partitions of the day buckets, each of which the host must hold. */
  List<String> clinicsWithFigures(HostInfo host, List<Integer> partitions);

  /** The clinics of the reference data in these partitions of the clinics table, each held by the host. */
  List<String> referenceClinics(HostInfo host, List<Integer> partitions);

  /** The data-quality counts of a clinic scope the host owns. */
  DataQualityCounts quality(HostInfo host, String scope);

  /** The sum of the data-quality counts of every clinic in these partitions, each held by the host. */
  DataQualityCounts qualityOfClinics(HostInfo host, List<Integer> partitions);
}
