package org.dnregistry.ingest.kafka;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dnregistry.ingest.events.Fact;

/**
 * Writes the facts of one request all or nothing. The future completes normally once every fact is durably
 * written and visible to read_committed consumers, or exceptionally with {@link WriteUnavailableException} when
 * none of them was.
 */
public interface EventWriter extends AutoCloseable {
  CompletableFuture<Void> write(List<Fact> facts);

  /** Whether a write now has a fair chance: the producer is initialised and Kafka answered recently. */
  boolean ready();

  @Override
  void close();
}
