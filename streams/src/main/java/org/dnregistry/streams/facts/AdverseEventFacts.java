package org.dnregistry.streams.facts;

import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.internal.AdverseEventFact;
import org.dnregistry.avro.internal.SessionFact;
import org.dnregistry.topics.Keys;

/** An adverse event counts once its session counts, on the session's day (FIGURES.md "Facts"). */
public final class AdverseEventFacts {
  private AdverseEventFacts() {}

  /** The session an adverse event hangs on: {@code ae.clinicId|ae.sessionId} (its episodeId is not used). */
  public static String sessionKey(AdverseEvent event) {
    return Keys.session(event.getClinicId(), event.getSessionId());
  }

  public static AdverseEventFact withSession(AdverseEvent event, SessionFact session) {
    return AdverseEventFact.newBuilder()
        .setAdverseEventId(event.getAdverseEventId())
        .setSessionId(event.getSessionId())
        .setEpisodeId(session.getEpisodeId())
        .setClinicId(event.getClinicId())
        .setDay(session.getDay())
        .setIndication(session.getIndication())
        .setCategory(event.getCategory())
        .setSeverity(event.getSeverity())
        .setSerious(event.getSerious())
        .build();
  }
}
