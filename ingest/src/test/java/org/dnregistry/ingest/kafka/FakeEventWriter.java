package org.dnregistry.ingest.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dnregistry.ingest.events.Fact;

/** An in-memory writer for HTTP tests: keeps what it was asked to write, or refuses like an unavailable Kafka. */
public final class FakeEventWriter implements EventWriter {
  private final List<List<Fact>> written = new ArrayList<>();
  private volatile WriteUnavailableException failure;
  private volatile boolean ready = true;

  @Override
  public synchronized CompletableFuture<Void> write(List<Fact> facts) {
    if (failure != null) {
      return CompletableFuture.failedFuture(failure);
    }
    written.add(List.copyOf(facts));
    return CompletableFuture.completedFuture(null);
  }

  public void failWith(WriteUnavailableException e) {
    this.failure = e;
  }

  public void setReady(boolean ready) {
    this.ready = ready;
  }

  /** Every request written so far, each as its list of facts. */
  public synchronized List<List<Fact>> requests() {
    return List.copyOf(written);
  }

  public synchronized List<Fact> facts() {
    return written.stream().flatMap(List::stream).toList();
  }

  public synchronized void clear() {
    written.clear();
  }

  @Override
  public boolean ready() {
    return ready;
  }

  @Override
  public void close() {}
}
