package org.dnregistry.streams.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What the query API reads from the registry: the figures of /work/shared FIGURES.md as JSON trees, plus the
 * reference data and alerts the dashboard shows. The streams side implements it over its state stores; the
 * HTTP layer only validates, authorises, filters by clinic and arranges.
 *
 * <p>Implementations may throw Kafka Streams' {@code InvalidStateStoreException} (or a subclass) when a store
 * moves during a call; the server answers 503 with Retry-After, as it does while {@link #ready()} is false.
 */
public interface RegistryQueries {
  /** False while stores restore or rebalance: the server then answers 503 with Retry-After. */
  boolean ready();

  /** UP when {@link #ready()}; STARTING while it may become ready; DOWN once it never will (stopped or failed). */
  default Health health() {
    return ready() ? Health.UP : Health.STARTING;
  }

  /** The default asOf of FIGURES.md: the latest day of any counted session; empty when there is none. */
  Optional<LocalDate> defaultAsOf();

  /** FIGURES.md "Complications" JSON for scope ("network" or "clinic:ID"), indication (code or ALL), window. */
  JsonNode complications(String scope, String indication, String window, LocalDate asOf);

  /** FIGURES.md "Efficacy" JSON. */
  JsonNode efficacy(String scope, String indication, String window, LocalDate asOf);

  /** FIGURES.md "Compliance" JSON. */
  JsonNode compliance(String scope, String window, LocalDate asOf);

  /** FIGURES.md "Data quality" JSON. */
  JsonNode dataQuality(String scope, LocalDate asOf);

  /**
   * FIGURES.md "Surveillance" JSON: the CUSUM path of a scope and category, the days {@code from} through
   * {@code to} (null: the scope's latest counted session day, and 364 days before it).
   */
  JsonNode surveillance(String scope, String category, LocalDate from, LocalDate to);

  /** Clinic ids known to the registry, sorted. */
  List<String> clinics();

  /** Current baselines: {category, source, low, high, indication (null: every indication), citation}. */
  List<JsonNode> baselines();

  /**
   * Alerts raised at or after {@code since}, in any order, each the JSON form of the Avro {@code Alert}
   * ({@code raisedAt} either epoch milliseconds or an ISO-8601 instant).
   */
  List<JsonNode> alerts(Instant since);
}
