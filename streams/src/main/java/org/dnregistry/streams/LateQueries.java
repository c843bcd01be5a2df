package org.dnregistry.streams;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.dnregistry.streams.http.Health;
import org.dnregistry.streams.http.InternalQueries;
import org.dnregistry.streams.http.RegistryQueries;

/**
 * The query server's view of a streams application that does not exist yet: "not ready" (503) until
 * {@link #bind}, then the application's. The server must listen before the application starts, since its port is
 * the application's {@code application.server}.
 */
final class LateQueries implements RegistryQueries, InternalQueries {
  private volatile RegistryQueries queries;
  private volatile InternalQueries internal;

  void bind(RegistryQueries queries, InternalQueries internal) {
    this.internal = internal;
    this.queries = queries;
  }

  private RegistryQueries q() {
    RegistryQueries q = queries;
    if (q == null) {
      throw new InvalidStateStoreException("streams are starting");
    }
    return q;
  }

  private InternalQueries i() {
    InternalQueries i = internal;
    if (i == null) {
      throw new InvalidStateStoreException("streams are starting");
    }
    return i;
  }

  @Override
  public boolean ready() {
    RegistryQueries q = queries;
    return q != null && q.ready();
  }

  @Override
  public Health health() {
    RegistryQueries q = queries;
    return q == null ? Health.STARTING : q.health();
  }

  @Override
  public Optional<LocalDate> defaultAsOf() {
    return q().defaultAsOf();
  }

  @Override
  public JsonNode complications(String scope, String indication, String window, LocalDate asOf) {
    return q().complications(scope, indication, window, asOf);
  }

  @Override
  public JsonNode efficacy(String scope, String indication, String window, LocalDate asOf) {
    return q().efficacy(scope, indication, window, asOf);
  }

  @Override
  public JsonNode compliance(String scope, String window, LocalDate asOf) {
    return q().compliance(scope, window, asOf);
  }

  @Override
  public List<String> clinics() {
    return q().clinics();
  }

  @Override
  public List<JsonNode> baselines() {
    return q().baselines();
  }

  @Override
  public List<JsonNode> alerts(Instant since) {
    return q().alerts(since);
  }

  @Override
  public JsonNode buckets(String series, LocalDate fromInclusive, LocalDate toInclusive) {
    return i().buckets(series, fromInclusive, toInclusive);
  }

  @Override
  public JsonNode latestSessionDay(String series) {
    return i().latestSessionDay(series);
  }

  @Override
  public JsonNode clinicsWithFigures(List<Integer> partitions) {
    return i().clinicsWithFigures(partitions);
  }

  @Override
  public JsonNode referenceClinics(List<Integer> partitions) {
    return i().referenceClinics(partitions);
  }

  @Override
  public JsonNode quality(String scope) {
    return i().quality(scope);
  }

  @Override
  public JsonNode qualityOfClinics(List<Integer> partitions) {
    return i().qualityOfClinics(partitions);
  }

  @Override
  public JsonNode dataQuality(String scope, LocalDate asOf) {
    return q().dataQuality(scope, asOf);
  }

  @Override
  public JsonNode surveillance(String scope, String category, LocalDate from, LocalDate to) {
    return q().surveillance(scope, category, from, to);
  }
}
