package org.dnregistry.streams.query;

import java.util.NoSuchElementException;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The keys of a store that one instance would hold: a test's stand-in for the partitions of one instance, over a
 * store that holds every partition (a TopologyTestDriver's).
 */
final class FilteredStore<V> implements ReadOnlyKeyValueStore<String, V> {
  private final ReadOnlyKeyValueStore<String, V> all;
  private final Predicate<String> holds;

  FilteredStore(ReadOnlyKeyValueStore<String, V> all, Predicate<String> holds) {
    this.all = all;
    this.holds = holds;
  }

  @Override
  public V get(String key) {
    return holds.test(key) ? all.get(key) : null;
  }

  @Override
  public KeyValueIterator<String, V> range(String from, String to) {
    return new Filtered(all.range(from, to));
  }

  @Override
  public KeyValueIterator<String, V> reverseRange(String from, String to) {
    return new Filtered(all.reverseRange(from, to));
  }

  @Override
  public KeyValueIterator<String, V> all() {
    return new Filtered(all.all());
  }

  @Override
  public long approximateNumEntries() {
    return all.approximateNumEntries();
  }

  private final class Filtered implements KeyValueIterator<String, V> {
    private final KeyValueIterator<String, V> inner;
    private KeyValue<String, V> next;

    Filtered(KeyValueIterator<String, V> inner) {
      this.inner = inner;
      advance();
    }

    private void advance() {
      next = null;
      while (inner.hasNext()) {
        KeyValue<String, V> kv = inner.next();
        if (holds.test(kv.key)) {
          next = kv;
          return;
        }
      }
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public KeyValue<String, V> next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      KeyValue<String, V> out = next;
      advance();
      return out;
    }

    @Override
    public String peekNextKey() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      return next.key;
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
