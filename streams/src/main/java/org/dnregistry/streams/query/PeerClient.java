package org.dnregistry.streams.query;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Reads another instance's partitions through its internal API. Throws {@code InvalidStateStoreException} when
 * that instance cannot answer now (restoring, rebalancing, unreachable), so the query answers 503.
 */
public interface PeerClient {
  List<BucketReader.DayBucket> buckets(HostInfo host, String series, LocalDate fromInclusive, LocalDate toInclusive);

  Optional<LocalDate> latestSessionDay(HostInfo host, String series);

  List<String> clinicsWithFigures(HostInfo host);

  List<String> referenceClinics(HostInfo host);
}
