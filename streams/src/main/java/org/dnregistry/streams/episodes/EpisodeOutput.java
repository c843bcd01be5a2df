package org.dnregistry.streams.episodes;

import org.dnregistry.avro.Alert;
import org.dnregistry.avro.ComplianceFlags;
import org.dnregistry.streams.buckets.ScopeDelta;

/** What the episode task writes: changes for the scopes' tasks, compliance records and SENTINEL alerts. */
public sealed interface EpisodeOutput {
  /** Changes to one scope (the record key). */
  record ScopeChange(ScopeDelta delta) implements EpisodeOutput {}

  /** A subject's compliance record; null: the subject has no flag (any more). */
  record Compliance(ComplianceFlags flags) implements EpisodeOutput {}

  /** A SENTINEL alert. */
  record Sentinel(Alert alert) implements EpisodeOutput {}
}
