package org.dnregistry.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.dnregistry.avro.Alert;
import org.dnregistry.streams.alerts.AlertStoreUpdater;
import org.dnregistry.streams.episodes.References;
import org.dnregistry.streams.http.Health;
import org.dnregistry.streams.http.RegistryQueries;
import org.dnregistry.streams.topology.StoreNames;

/**
 * The query API's view of the registry: the figures from the day buckets (through the {@link FiguresService}'s
 * reader: this instance's stores, or routed to every instance when several run), the baselines and alerts from
 * global stores (complete on every instance), and the reference clinics from the given supplier (partitioned like
 * the day buckets, so gathered from every instance when several run).
 */
public final class StoreRegistryQueries implements RegistryQueries {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AFTER_EVERY_KEY = "~";

  private final FiguresService figures;
  private final Supplier<Health> health;
  private final BaselineSource baselines;
  private final Supplier<ReadOnlyKeyValueStore<String, Alert>> alerts;
  private final Supplier<List<String>> referenceClinics;

  public StoreRegistryQueries(FiguresService figures, BooleanSupplier ready, BaselineSource baselines,
      Supplier<ReadOnlyKeyValueStore<String, Alert>> alerts, Supplier<List<String>> referenceClinics) {
    this(figures, baselines, alerts, referenceClinics,
        () -> ready.getAsBoolean() ? Health.UP : Health.STARTING);
  }

  private StoreRegistryQueries(FiguresService figures, BaselineSource baselines,
      Supplier<ReadOnlyKeyValueStore<String, Alert>> alerts, Supplier<List<String>> referenceClinics,
      Supplier<Health> health) {
    this.figures = figures;
    this.health = health;
    this.baselines = baselines;
    this.alerts = alerts;
    this.referenceClinics = referenceClinics;
  }

  /** Over this instance's stores only: complete when one instance runs. */
  public static StoreRegistryQueries of(KafkaStreams streams, FiguresService figures) {
    return of(streams, figures, localReferenceClinics(streams));
  }

  /**
   * With the figures' reader and the reference clinics given: routed over every instance when several run
   * ({@link RoutingBucketReader}); the baselines and alerts are global stores, complete here.
   */
  public static StoreRegistryQueries of(KafkaStreams streams, FiguresService figures,
      Supplier<List<String>> referenceClinics) {
    return new StoreRegistryQueries(figures, StoreBaselines.of(streams),
        () -> streams.store(StoreQueryParameters.fromNameAndType(StoreNames.ALERTS,
            QueryableStoreTypes.<String, Alert>keyValueStore())),
        referenceClinics, () -> health(streams.state()));
  }

  /** RUNNING serves; CREATED and REBALANCING will; any other state (stopping, stopped, failed) never will again. */
  public static Health health(KafkaStreams.State state) {
    return switch (state) {
      case RUNNING -> Health.UP;
      case CREATED, REBALANCING -> Health.STARTING;
      case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> Health.DOWN;
    };
  }

  /** The clinics of the reference data: every episode task holds all of them. */
  private static Supplier<List<String>> localReferenceClinics(KafkaStreams streams) {
    Supplier<ReadOnlyKeyValueStore<String, References.Clinic>> clinics = () -> streams.store(
        StoreQueryParameters.fromNameAndType(StoreNames.REFERENCE_CLINICS, QueryableStoreTypes.keyValueStore()));
    return () -> {
      var ids = new ArrayList<String>();
      try (var it = clinics.get().all()) {
        it.forEachRemaining(kv -> ids.add(kv.key));
      }
      return ids;
    };
  }

  @Override
  public boolean ready() {
    return health.get() == Health.UP;
  }

  @Override
  public Health health() {
    return health.get();
  }

  @Override
  public Optional<LocalDate> defaultAsOf() {
    return figures.latestSessionDay();
  }

  @Override
  public JsonNode complications(String scope, String indication, String window, LocalDate asOf) {
    return JSON.valueToTree(figures.complications(scope, indication, window, asOf));
  }

  @Override
  public JsonNode efficacy(String scope, String indication, String window, LocalDate asOf) {
    return JSON.valueToTree(figures.efficacy(scope, indication, window, asOf));
  }

  @Override
  public JsonNode compliance(String scope, String window, LocalDate asOf) {
    return JSON.valueToTree(figures.compliance(scope, window, asOf));
  }

  @Override
  public JsonNode dataQuality(String scope, LocalDate asOf) {
    return JSON.valueToTree(figures.dataQuality(scope, asOf));
  }

  @Override
  public JsonNode surveillance(String scope, String category, LocalDate from, LocalDate to) {
    return JSON.valueToTree(figures.surveillance(scope, category, from, to));
  }

  /** Clinics of the reference data and clinics with counted facts (a clinic may send data before it is set up). */
  @Override
  public List<String> clinics() {
    var ids = new TreeSet<String>(figures.clinicsWithFigures());
    ids.addAll(referenceClinics.get());
    return List.copyOf(ids);
  }

  @Override
  public List<JsonNode> baselines() {
    return baselines.baselines().stream().map(b -> (JsonNode) toJson(b, "category", "source", "low", "high",
        "indication", "citation")).toList();
  }

  @Override
  public List<JsonNode> alerts(Instant since) {
    var out = new ArrayList<JsonNode>();
    try (var it = alerts.get().range(AlertStoreUpdater.from(since), AFTER_EVERY_KEY)) {
      it.forEachRemaining(kv -> out.add(toJson(kv.value)));
    }
    return out;
  }

  /** An Avro record as JSON: enums by name, dates and instants in ISO-8601, absent values null. */
  static ObjectNode toJson(SpecificRecord record, String... only) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    List<String> fields = only.length == 0
        ? record.getSchema().getFields().stream().map(Schema.Field::name).toList() : List.of(only);
    for (String name : fields) {
      Object v = record.get(record.getSchema().getField(name).pos());
      if (v == null) {
        node.putNull(name);
      } else if (v instanceof Number || v instanceof Boolean) {
        node.set(name, JSON.valueToTree(v));
      } else if (v instanceof List<?> list) {
        // An array stays an array (a SIGNAL's references): its toString would be one unreadable string.
        var array = node.putArray(name);
        list.forEach(item -> array.add(item.toString()));
      } else {
        node.put(name, v.toString());
      }
    }
    return node;
  }
}
