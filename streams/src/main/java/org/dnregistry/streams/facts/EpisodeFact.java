package org.dnregistry.streams.facts;

import java.util.Objects;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.internal.EpisodeOutcomes;

/**
 * A counted episode with its counted outcomes and the number of its counted sessions (any modality, any day).
 *
 * @param outcomes its outcome scores, null when it has none
 */
public record EpisodeFact(Episode episode, EpisodeOutcomes outcomes, long sessions) {
  public EpisodeFact {
    Objects.requireNonNull(episode, "episode");
  }

  public static EpisodeFact of(Episode episode, EpisodeOutcomes outcomes) {
    return new EpisodeFact(episode, outcomes, 0);
  }

  public EpisodeFact withSessions(Long count) {
    return new EpisodeFact(episode, outcomes, count == null ? 0 : count);
  }
}
