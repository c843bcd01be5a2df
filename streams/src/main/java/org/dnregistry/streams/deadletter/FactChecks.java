package org.dnregistry.streams.deadletter;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Instrument;
import org.dnregistry.avro.Outcome;
import org.dnregistry.avro.Practitioner;
import org.dnregistry.avro.Session;
import org.dnregistry.topics.Keys;

/**
 * Checks of what Avro's schema cannot express, for records from direct Avro producers that bypass ingest's
 * validation. Each returns the problems found (empty: the record is sound). Keys must be the ones {@link Keys}
 * builds from the value, since partitioning and every count rely on them.
 */
public final class FactChecks {
  /** Days are kept as ISO dates in keys (yyyy-MM-dd), which sort as dates only within years 0000-9999. */
  static final LocalDate FIRST_DAY = LocalDate.of(1900, 1, 1);
  static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

  private FactChecks() {}

  public static List<String> episode(String key, Episode e) {
    var p = new Problems();
    p.id("episodeId", e.getEpisodeId()).id("clinicId", e.getClinicId());
    p.key(key, Keys.episode(e.getClinicId(), e.getEpisodeId()));
    p.day("startDate", e.getStartDate());
    if (e.getPlannedSessions() < 1) {
      p.add("plannedSessions must be at least 1, was " + e.getPlannedSessions());
    }
    return p.list;
  }

  public static List<String> session(String key, Session s) {
    var p = new Problems();
    p.id("sessionId", s.getSessionId()).id("episodeId", s.getEpisodeId()).id("clinicId", s.getClinicId())
        .id("practitionerId", s.getPractitionerId());
    p.key(key, Keys.session(s.getClinicId(), s.getEpisodeId(), s.getSessionId()));
    p.instant("occurredAt", s.getOccurredAt());
    p.positive("needleDiameterMm", s.getNeedleDiameterMm()).positive("needleLengthMm", s.getNeedleLengthMm());
    if (s.getNeedleCount() != null && s.getNeedleCount() < 0) {
      p.add("needleCount must not be negative");
    }
    if (s.getDurationMinutes() != null && s.getDurationMinutes() < 0) {
      p.add("durationMinutes must not be negative");
    }
    return p.list;
  }

  public static List<String> outcome(String key, Outcome o) {
    var p = new Problems();
    p.id("episodeId", o.getEpisodeId()).id("clinicId", o.getClinicId());
    if (o.getSessionId() != null) {
      p.id("sessionId", o.getSessionId());
    }
    p.key(key, Keys.outcome(o.getClinicId(), o.getEpisodeId(), o.getInstrument(), o.getTimepoint()));
    p.instant("recordedAt", o.getRecordedAt());
    double score = o.getScore();
    double max = maxScore(o.getInstrument());
    if (!(score >= 0 && score <= max)) {
      p.add("score " + score + " is outside " + o.getInstrument() + "'s range 0-" + max);
    } else if (Math.abs(score * 100 - Math.rint(score * 100)) > 1e-6) {
      p.add("score " + score + " has more than two decimals");
    }
    return p.list;
  }

  /** REFERENCE section 2: NPRS 0-10, NDI 0-50 raw points, ODI 0-100, PSFS 0-10. */
  public static double maxScore(Instrument instrument) {
    return switch (instrument) {
      case NPRS, PSFS -> 10;
      case NDI -> 50;
      case ODI -> 100;
    };
  }

  public static List<String> adverseEvent(String key, AdverseEvent a) {
    var p = new Problems();
    p.id("adverseEventId", a.getAdverseEventId()).id("sessionId", a.getSessionId())
        .id("episodeId", a.getEpisodeId()).id("clinicId", a.getClinicId());
    p.key(key, Keys.adverseEvent(a.getClinicId(), a.getEpisodeId(), a.getAdverseEventId()));
    p.instant("onsetAt", a.getOnsetAt());
    return p.list;
  }

  public static List<String> clinic(String key, Clinic c) {
    var p = new Problems();
    p.id("clinicId", c.getClinicId());
    p.key(key, Keys.clinic(c.getClinicId()));
    return p.list;
  }

  public static List<String> practitioner(String key, Practitioner pr) {
    var p = new Problems();
    p.id("practitionerId", pr.getPractitionerId()).id("clinicId", pr.getClinicId());
    p.key(key, Keys.practitioner(pr.getPractitionerId()));
    if (!(pr.getTrainingHours() >= 0) || Double.isInfinite(pr.getTrainingHours())) {
      p.add("trainingHours must be a finite number >= 0, was " + pr.getTrainingHours());
    }
    return p.list;
  }

  public static List<String> baseline(String key, Baseline b) {
    var p = new Problems();
    if (b.getSource() == null || b.getSource().isBlank()) {
      p.add("source must not be blank");
    } else {
      p.key(key, Keys.baseline(b.getCategory(), b.getSource()));
    }
    if (!(b.getLow() >= 0 && b.getLow() <= 1) || !(b.getHigh() >= 0 && b.getHigh() <= 1)) {
      p.add("low and high must be rates in [0, 1], were " + b.getLow() + ", " + b.getHigh());
    } else if (b.getLow() > b.getHigh()) {
      p.add("low " + b.getLow() + " > high " + b.getHigh());
    }
    // Surveillance ranks baselines by their study's size (REFERENCE 4): a count of sessions is positive.
    if (b.getStudySessions() != null && b.getStudySessions() <= 0) {
      p.add("studySessions must be positive, was " + b.getStudySessions());
    }
    return p.list;
  }

  private static final class Problems {
    final List<String> list = new ArrayList<>();

    void add(String problem) {
      list.add(problem);
    }

    Problems id(String field, String value) {
      if (value == null || value.isEmpty()) {
        add(field + " must not be empty");
      } else if (value.indexOf(Keys.SEP) >= 0) {
        add(field + " must not contain '" + Keys.SEP + "': " + value);
      }
      return this;
    }

    void key(String key, String expected) {
      if (!Objects.equals(key, expected)) {
        add("key '" + key + "' does not match the value's ids (expected '" + expected + "')");
      }
    }

    void day(String field, LocalDate day) {
      if (day.isBefore(FIRST_DAY) || day.isAfter(LAST_DAY)) {
        add(field + " " + day + " is outside " + FIRST_DAY + ".." + LAST_DAY);
      }
    }

    void instant(String field, Instant at) {
      day(field, LocalDate.ofInstant(at, java.time.ZoneOffset.UTC));
    }

    Problems positive(String field, Double value) {
      if (value != null && !(value > 0 && !value.isInfinite())) {
        add(field + " must be a finite number > 0, was " + value);
      }
      return this;
    }
  }
}
