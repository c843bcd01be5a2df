package org.dnregistry.streams.state;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of this JVM: one LRU block cache shared by all stores, with a
 * WriteBufferManager charging the memtables to that same cache, as in the Kafka Streams memory-management guide.
 * The topology has some twenty stores per task; unbounded, each would size its own cache and memtables and the
 * total would grow with the number of partitions.
 *
 * <p>Sizes come from the Streams config ({@link #TOTAL_BYTES_CONFIG}, {@link #MEMTABLE_BYTES_CONFIG}); the cache is
 * created once per JVM with the sizes first seen and never closed by a store (every store shares it).
 */
public final class BoundedMemoryRocksDb implements RocksDBConfigSetter {
  /** Total off-heap bytes for block cache, index and filter blocks and memtables. */
  public static final String TOTAL_BYTES_CONFIG = "dnregistry.rocksdb.total.bytes";
  /** The part of the total the memtables may use. */
  public static final String MEMTABLE_BYTES_CONFIG = "dnregistry.rocksdb.memtable.bytes";
  public static final long DEFAULT_TOTAL_BYTES = 256L * 1024 * 1024;
  public static final long DEFAULT_MEMTABLE_BYTES = 64L * 1024 * 1024;
  /** Share of the cache kept for index and filter blocks (high priority), so data blocks cannot evict them. */
  private static final double INDEX_FILTER_BLOCK_RATIO = 0.1;
  private static final long BLOCK_SIZE = 16 * 1024;
  private static final int MEMTABLES_PER_STORE = 2;
  private static final long MEMTABLE_SIZE = 8L * 1024 * 1024;

  private static Cache cache;
  private static WriteBufferManager writeBufferManager;

  private static synchronized void initialise(Map<String, Object> configs) {
    if (cache == null) {
      long total = bytes(configs, TOTAL_BYTES_CONFIG, DEFAULT_TOTAL_BYTES);
      long memtables = bytes(configs, MEMTABLE_BYTES_CONFIG, DEFAULT_MEMTABLE_BYTES);
      if (memtables >= total) {
        throw new IllegalArgumentException(MEMTABLE_BYTES_CONFIG + " must be below " + TOTAL_BYTES_CONFIG);
      }
      cache = new LRUCache(total, -1, false, INDEX_FILTER_BLOCK_RATIO);
      writeBufferManager = new WriteBufferManager(memtables, cache);
    }
  }

  private static long bytes(Map<String, Object> configs, String key, long fallback) {
    Object v = configs.get(key);
    return v == null ? fallback : Long.parseLong(v.toString().trim());
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    initialise(configs);
    var table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(cache);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    table.setBlockSize(BLOCK_SIZE);
    options.setWriteBufferManager(writeBufferManager);
    options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
    options.setWriteBufferSize(MEMTABLE_SIZE);
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and write buffer manager are shared by every store: closing them here would break the others.
  }
}
