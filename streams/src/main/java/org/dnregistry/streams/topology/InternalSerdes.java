package org.dnregistry.streams.topology;

import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.dnregistry.streams.buckets.DayCounters;
import org.dnregistry.streams.buckets.ScopeDelta;
import org.dnregistry.streams.episodes.References;
import org.dnregistry.streams.quality.DataQualityCounts;
import org.dnregistry.streams.quality.SessionIndexEntry;

/** Serdes of the topology's own values, in their compact binary forms (read back only by this code). */
final class InternalSerdes {
  static final Serde<DayCounters> DAY_COUNTERS = of(DayCounters::toBytes, DayCounters::fromBytes);
  static final Serde<ScopeDelta> SCOPE_DELTA = of(ScopeDelta::toBytes, ScopeDelta::fromBytes);
  static final Serde<DataQualityCounts> DATA_QUALITY = of(DataQualityCounts::toBytes, DataQualityCounts::fromBytes);
  static final Serde<SessionIndexEntry> SESSION_INDEX = of(SessionIndexEntry::toBytes, SessionIndexEntry::fromBytes);
  static final Serde<References.Clinic> CLINIC = of(References.Clinic::toBytes, References.Clinic::fromBytes);
  static final Serde<References.Practitioner> PRACTITIONER =
      of(References.Practitioner::toBytes, References.Practitioner::fromBytes);

  private InternalSerdes() {}

  private static <T> Serde<T> of(Function<T, byte[]> write, Function<byte[], T> read) {
    return Serdes.serdeFrom(
        (topic, value) -> value == null ? null : write.apply(value),
        (topic, bytes) -> bytes == null ? null : read.apply(bytes));
  }
}
