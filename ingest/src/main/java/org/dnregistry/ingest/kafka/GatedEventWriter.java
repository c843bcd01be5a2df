package org.dnregistry.ingest.kafka;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.dnregistry.ingest.events.Fact;

/**
 * A writer that refuses at once, with a 503 and Retry-After, while the schema registry is not usable
 * ({@link RegistryGate}), and otherwise hands the facts to the Kafka writer.
 */
public final class GatedEventWriter implements EventWriter {
  private final EventWriter writer;
  private final RegistryGate gate;

  public GatedEventWriter(EventWriter writer, RegistryGate gate) {
    this.writer = writer;
    this.gate = gate;
  }

  @Override
  public CompletableFuture<Void> write(List<Fact> facts) {
    Optional<String> problem = facts.isEmpty() ? Optional.empty() : gate.problem();
    if (problem.isPresent()) {
      // The client is told what and when; the registry's address and error stay in /health/ready and the log.
      return CompletableFuture.failedFuture(new WriteUnavailableException(
          WriteUnavailableException.Reason.REGISTRY_UNAVAILABLE, "the schema registry cannot be reached now; "
          + "nothing was written", gate.retryAfterSeconds(), null));
    }
    return writer.write(facts);
  }

  @Override
  public boolean ready() {
    return gate.problem().isEmpty() && writer.ready();
  }

  /** Why the gateway is not ready: the registry first (it needs no Kafka to be checked), then Kafka. */
  public Optional<String> problem() {
    return gate.problem().or(() -> writer.ready() ? Optional.empty()
        : Optional.of("Kafka is unreachable or the producer is not initialised yet"));
  }

  @Override
  public void close() {
    writer.close();
  }
}
