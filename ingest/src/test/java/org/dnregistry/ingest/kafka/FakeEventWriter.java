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
  private volatile boolean hold;
  private final List<CompletableFuture<Void>> held = new ArrayList<>();

  @Override
  public synchronized CompletableFuture<Void> write(List<Fact> facts) {
    if (failure != null) {
      return CompletableFuture.failedFuture(failure);
    }
    written.add(List.copyOf(facts));
    if (hold) {
      var pending = new CompletableFuture<Void>();
      held.add(pending);
      return pending;
    }
    return CompletableFuture.completedFuture(null);
  }

  /** While holding, writes are recorded but answered only by {@link #release()}, like a slow commit. */
  public void hold(boolean hold) {
    this.hold = hold;
  }

  public synchronized void release() {
    held.forEach(f -> f.complete(null));
    held.clear();
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
