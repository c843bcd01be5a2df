package org.dnregistry.ingest.http;

import java.util.Optional;

/** Whether the gateway can take events now, and if not, why (for /health/ready and operators). */
@FunctionalInterface
public interface Readiness {
  /** Empty when ready; otherwise what is missing, e.g. "the schema registry is unreachable". */
  Optional<String> problem();
}
