package org.dnregistry.streams.query;

import java.util.List;
import org.dnregistry.avro.Baseline;

/** The current baselines (topic dn.baselines.v1, a global table on every instance). */
@FunctionalInterface
public interface BaselineSource {
  List<Baseline> baselines();
}
