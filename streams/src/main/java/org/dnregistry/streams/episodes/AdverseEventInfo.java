package org.dnregistry.streams.episodes;

import java.util.EnumSet;
import java.util.Set;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.AdverseEventCategory;
import org.dnregistry.avro.Severity;

/**
 * What the figures and alerts need of an adverse event. A retracted event whose SENTINEL alert was raised stays as
 * a marker ({@code present} false) so that sending it again raises no second alert.
 */
public record AdverseEventInfo(String sessionId, AdverseEventCategory category, Severity severity, boolean serious,
    boolean present, boolean sentinelRaised) {

  /** Categories that raise a SENTINEL alert on every occurrence (REFERENCE section 4). */
  public static final Set<AdverseEventCategory> SENTINEL_CATEGORIES = EnumSet.of(AdverseEventCategory.PNEUMOTHORAX,
      AdverseEventCategory.INFECTION, AdverseEventCategory.NERVE_INJURY, AdverseEventCategory.NEEDLE_BREAKAGE,
      AdverseEventCategory.FORGOTTEN_NEEDLE);

  public static AdverseEventInfo of(AdverseEvent a, boolean sentinelRaised) {
    return new AdverseEventInfo(a.getSessionId(), a.getCategory(), a.getSeverity(), a.getSerious(), true,
        sentinelRaised);
  }

  public boolean sentinel() {
    return serious || SENTINEL_CATEGORIES.contains(category);
  }

  public AdverseEventInfo raised() {
    return new AdverseEventInfo(sessionId, category, severity, serious, present, true);
  }

  /** What is left when the event is retracted: a marker if its alert was raised, nothing otherwise. */
  public AdverseEventInfo retracted() {
    return sentinelRaised ? new AdverseEventInfo(sessionId, category, severity, serious, false, true) : null;
  }
}
