package org.dnregistry.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dnregistry.simulate.EventFactory.Episode;
import org.dnregistry.simulate.NetworkModel.ClinicSpec;

/**
 * A synthetic clinic network: first a backfill of history (so rates and statuses mean something at once), then
 * live sessions at a steady rate. About two sessions a week per episode, outcomes at baseline, week 4 and
 * discharge, adverse events at the published rates (one clinic elevated).
 */
public final class Simulator {
  private static final int BATCH = 500;
  private final NetworkModel model;
  private final EventFactory factory;
  private final EventSink sink;
  private final Clock clock;
  private final Random shuffle;
  private final List<Episode> live = new ArrayList<>();
  private long sessions;
  private long sent;

  public Simulator(NetworkModel model, long seed, EventSink sink, Clock clock) {
    this.model = model;
    this.factory = new EventFactory(seed);
    this.sink = sink;
    this.clock = clock;
    this.shuffle = new Random(seed ^ 0x5DEECE66DL);
  }

  /** Clinics and practitioners, written with the admin token. */
  public void referenceData() throws InterruptedException {
    var events = new ArrayList<ObjectNode>();
    model.clinics().forEach(c -> events.add(factory.clinic(c)));
    model.practitioners().forEach(p -> events.add(factory.practitioner(p)));
    send(null, events);
  }

  /** {@code days} of history ending now: about one new episode per clinic per day. */
  public void backfill(int days) throws InterruptedException {
    Instant now = clock.instant();
    Instant from = now.minus(days, ChronoUnit.DAYS);
    for (ClinicSpec clinic : model.clinics()) {
      var events = new ArrayList<ObjectNode>();
      Episode latest = null;
      for (int d = 0; d < days; d++) {
        Instant start = from.plus(d, ChronoUnit.DAYS).plus(8 + factory.nextInt(9), ChronoUnit.HOURS);
        Episode e = factory.newEpisode(clinic, model.practitionersOf(clinic.clinicId()), start);
        events.add(factory.episode(e));
        events.add(factory.baselineOutcome(e));
        Instant at = start;
        for (int s = 0; s < e.sessionsToAttend() && at.isBefore(now); s++) {
          events.addAll(sessionWithEvents(e, at));
          if (s == Math.min(7, e.sessionsToAttend() - 1) && at.plus(28, ChronoUnit.DAYS).isBefore(now)) {
            events.add(factory.followUp(e, "WEEK_4", e.start().plus(28, ChronoUnit.DAYS), 0.8));
          }
          at = at.plus(3 + factory.nextInt(2), ChronoUnit.DAYS);
        }
        if (!e.sessionTimes().isEmpty()) {
          latest = e;
        }
        if (at.isBefore(now)) {
          events.add(factory.followUp(e, "DISCHARGE", at, 1.0));
        } else {
          live.add(e);
        }
      }
      if (clinic.complicationMultiplier() > 1 && latest != null) {
        // The scenario's sentinel: one pneumothorax at the elevated clinic, so the alert feed is never empty.
        int n = latest.sessionTimes().size();
        events.add(factory.adverseEvent(latest, latest.episodeId() + "-S" + n, latest.sessionTimes().get(n - 1),
            now, "PNEUMOTHORAX", true));
      }
      send(clinic.clinicId(), arrivalOrder(events));
    }
  }

  /** Streams live sessions until interrupted or {@code duration} has passed (zero: forever). */
  public void live(double sessionsPerSecond, Duration duration) throws InterruptedException {
    Instant end = duration.isZero() ? Instant.MAX : clock.instant().plus(duration);
    long pauseMs = Math.max(1, Math.round(1000 / Math.max(0.01, sessionsPerSecond)));
    Map<String, List<ObjectNode>> pending = new LinkedHashMap<>();
    Instant lastFlush = clock.instant();
    while (clock.instant().isBefore(end) && !Thread.currentThread().isInterrupted()) {
      Episode e = nextLiveEpisode(pending);
      var events = pending.computeIfAbsent(e.clinic().clinicId(), k -> new ArrayList<>());
      Instant now = clock.instant();
      events.addAll(sessionWithEvents(e, now));
      if (e.sessionTimes().size() >= e.sessionsToAttend()) {
        events.add(factory.followUp(e, "DISCHARGE", now, 1.0));
        live.remove(e);
      }
      if (Duration.between(lastFlush, clock.instant()).toMillis() >= 1000) {
        flush(pending);
        lastFlush = clock.instant();
      }
      Thread.sleep(pauseMs);
    }
    flush(pending);
  }

  private Episode nextLiveEpisode(Map<String, List<ObjectNode>> pending) {
    if (live.isEmpty() || factory.nextDouble() < 0.1) {
      ClinicSpec clinic = model.clinics().get(factory.nextInt(model.clinics().size()));
      Episode e = factory.newEpisode(clinic, model.practitionersOf(clinic.clinicId()), clock.instant());
      var events = pending.computeIfAbsent(clinic.clinicId(), k -> new ArrayList<>());
      events.add(factory.episode(e));
      events.add(factory.baselineOutcome(e));
      live.add(e);
      return e;
    }
    return live.get(factory.nextInt(live.size()));
  }

  private List<ObjectNode> sessionWithEvents(Episode e, Instant at) {
    e.sessionTimes().add(at);
    String sessionId = e.episodeId() + "-S" + e.sessionTimes().size();
    sessions++;
    var events = new ArrayList<ObjectNode>();
    events.add(factory.session(e, sessionId, at));
    events.addAll(factory.adverseEvents(e, sessionId, at, clock.instant()));
    return events;
  }

  /** EHR feeds are not tidy: shuffle small runs so some adverse events and outcomes arrive before their session. */
  private List<ObjectNode> arrivalOrder(List<ObjectNode> events) {
    var out = new ArrayList<>(events);
    for (int i = 0; i + 8 <= out.size(); i += 8) {
      Collections.shuffle(out.subList(i, i + 8), shuffle);
    }
    return out;
  }

  private void flush(Map<String, List<ObjectNode>> pending) throws InterruptedException {
    for (var entry : pending.entrySet()) {
      send(entry.getKey(), entry.getValue());
      entry.getValue().clear();
    }
  }

  private void send(String clinicId, List<ObjectNode> events) throws InterruptedException {
    for (int i = 0; i < events.size(); i += BATCH) {
      var batch = events.subList(i, Math.min(events.size(), i + BATCH));
      sink.send(clinicId, List.copyOf(batch));
      sent += batch.size();
    }
  }

  public long sessionsSimulated() {
    return sessions;
  }

  public long eventsSent() {
    return sent;
  }
}
