package org.dnregistry.streams.episodes;

import java.time.LocalDate;
import java.util.EnumSet;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.GuidelineFlag;
import org.dnregistry.avro.Indication;

/**
 * What the figures need of an episode record: its indication, start day, planned sessions and the guideline flags
 * that depend on the episode alone (a bit per {@link GuidelineFlag} ordinal).
 */
public record EpisodeInfo(Indication indication, int startDay, int plannedSessions, int flags) {

  public static EpisodeInfo of(Episode e) {
    return new EpisodeInfo(e.getIndication(), (int) e.getStartDate().toEpochDay(), e.getPlannedSessions(),
        Flags.bits(GuidelineRules.episodeFlags(e)));
  }

  public LocalDate startDate() {
    return LocalDate.ofEpochDay(startDay);
  }

  public EnumSet<GuidelineFlag> flagSet() {
    return Flags.set(flags);
  }
}
