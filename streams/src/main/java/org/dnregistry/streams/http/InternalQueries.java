package org.dnregistry.streams.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;

/**
 * What one instance answers to the other instances of the application (the internal API, {@code /internal/v1/*}):
 * the day buckets it holds, as JSON that decodes exactly (see {@code org.dnregistry.streams.query.BucketJson}).
 * Implementations throw Kafka Streams' {@code InvalidStateStoreException} when they cannot answer for what they
 * are asked now (a partition asked for is restoring, or has moved to another instance): the server answers 503
 * with Retry-After. The asker names the partitions it expects this instance to hold, so that between them the
 * answers cover every partition exactly as the asker's metadata divides them, or fail.
 */
public interface InternalQueries {
  /** The non-empty day buckets of a series this instance owns, {@code from} (null: the first) to {@code to}. */
  JsonNode buckets(String series, LocalDate fromInclusive, LocalDate toInclusive);

  /** The latest day with a counted session of a series this instance owns. */
  JsonNode latestSessionDay(String series);

  /** The clinics with at least one non-empty day bucket in these partitions, each of which this instance holds. */
  JsonNode clinicsWithFigures(List<Integer> partitions);

  /** The clinics of the reference data (every episode task holds them all) in these partitions, each held here. */
  JsonNode referenceClinics(List<Integer> partitions);

  /** The data-quality counts of a clinic scope this instance owns. */
  JsonNode quality(String scope);

  /** The sum of the data-quality counts of every clinic in these partitions, each held here. */
  JsonNode qualityOfClinics(List<Integer> partitions);
}
