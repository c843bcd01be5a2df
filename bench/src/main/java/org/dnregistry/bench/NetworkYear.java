package org.dnregistry.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Ingest JSON (CONTRACT section 2) of a clinic network for {@link EndToEndBench}: a year of history, as the
 * simulator of {@code deploy} draws it (one new episode per clinic per day, a session every 3-4 days, outcomes at
 * baseline, week 4 and discharge, adverse events at the published rates, runs of 8 shuffled as EHR feeds
 * deliver them), and live events for a steady background load. bench does not depend on deploy, hence its own
 * copy. Every session is dry needling, so every one counts in /v1/complications. Deterministic for a seed.
 */
final class NetworkYear {
  /** One NDJSON request body of one clinic, with what it adds to the network's figures. */
  record Batch(String clinicId, String body, int events, int sessions, int adverseEvents) {}

  private static final String[] INDICATIONS = {"NECK_PAIN", "NECK_PAIN", "CHRONIC_LOW_BACK_PAIN",
      "ACUTE_LOW_BACK_PAIN", "SHOULDER_PAIN", "SHOULDER_PAIN", "UPPER_BACK_MYOFASCIAL_PAIN", "KNEE_PAIN",
      "LATERAL_EPICONDYLALGIA", "PLANTAR_FASCIITIS", "HEADACHE", "HIP_PAIN"};
  private static final String[] MINOR = {"BRUISING", "BLEEDING", "PAIN_DURING", "PAIN_AFTER",
      "SYMPTOM_AGGRAVATION", "DROWSINESS", "HEADACHE", "NAUSEA", "FATIGUE"};
  /** Brady 2014 per-session rates of {@link #MINOR}, times 0.9 (a good network). */
  private static final double[] MINOR_RATES = {0.0755, 0.0465, 0.0301, 0.0219, 0.0088, 0.0026, 0.0014, 0.0013,
      0.0004};
  private static final double SERIOUS_RATE = 0.000977;
  private static final String[] SERIOUS = {"PNEUMOTHORAX", "INFECTION", "NERVE_INJURY", "VASOVAGAL"};
  private static final String[] STATES = {"CO", "TX", "CA", "WA", "OR", "AZ", "FL"};

  private final Random random;
  private final int clinics;
  private long sequence;

  NetworkYear(long seed, int clinics) {
    this.random = new Random(seed);
    this.clinics = clinics;
  }

  static String clinicId(int c) {
    return String.format(Locale.ROOT, "N%02d", c);
  }

  List<String> clinicIds() {
    var ids = new ArrayList<String>();
    for (int c = 0; c < clinics; c++) {
      ids.add(clinicId(c));
    }
    return ids;
  }

  /** Clinics and two practitioners each (plus {@code extraClinics}), one admin body. */
  String referenceData(List<String> extraClinics) {
    var lines = new StringBuilder();
    var all = new ArrayList<>(clinicIds());
    all.addAll(extraClinics);
    for (int c = 0; c < all.size(); c++) {
      String id = all.get(c);
      lines.append("{\"type\":\"clinic\",\"clinicId\":\"").append(id).append("\",\"name\":\"Clinic ").append(id)
          .append("\",\"state\":\"").append(STATES[c % STATES.length]).append("\",\"network\":\"Bench\"}\n");
      for (int p = 1; p <= 2; p++) {
        lines.append("{\"type\":\"practitioner\",\"practitionerId\":\"").append(practitioner(id, p))
            .append("\",\"clinicId\":\"").append(id).append("\",\"profession\":\"PHYSICAL_THERAPIST\",")
            .append("\"trainingHours\":").append(p == 1 ? 120 : 80).append(",\"licenseState\":\"CO\"}\n");
      }
    }
    return lines.toString();
  }

  /**
   * {@code days} of history ending at {@code now}, cut into bodies of at most {@code batch} events; the clinics'
   * bodies interleaved, so that concurrent clients send for different clinics.
   */
  List<Batch> history(int days, Instant now, int batch) {
    var perClinic = new ArrayList<List<Batch>>();
    Instant from = now.minus(days, ChronoUnit.DAYS);
    for (int c = 0; c < clinics; c++) {
      String clinicId = clinicId(c);
      var lines = new ArrayList<Line>();
      for (int d = 0; d < days; d++) {
        Instant start = from.plus(d, ChronoUnit.DAYS).plus(8 + random.nextInt(9), ChronoUnit.HOURS);
        episode(clinicId, start, now, lines);
      }
      for (int i = 0; i + 8 <= lines.size(); i += 8) {
        Collections.shuffle(lines.subList(i, i + 8), random);
      }
      perClinic.add(cut(clinicId, lines, batch));
    }
    var out = new ArrayList<Batch>();
    for (int i = 0; ; i++) {
      boolean any = false;
      for (List<Batch> batches : perClinic) {
        if (i < batches.size()) {
          out.add(batches.get(i));
          any = true;
        }
      }
      if (!any) {
        return out;
      }
    }
  }

  /** About {@code events} live events of one clinic (whole episodes begun a week ago, sessions until now). */
  Batch live(int c, int events, Instant now) {
    String clinicId = clinicId(c);
    var lines = new ArrayList<Line>();
    while (lines.size() < events) {
      episode(clinicId, now.minus(7, ChronoUnit.DAYS), now, lines);
    }
    return cut(clinicId, lines, Integer.MAX_VALUE).get(0);
  }

  /** A line of NDJSON and whether it is a session or an adverse event. */
  private record Line(String json, char kind) {}

  private void episode(String clinicId, Instant start, Instant now, List<Line> out) {
    String episodeId = clinicId + "-E" + (++sequence);
    String indication = INDICATIONS[random.nextInt(INDICATIONS.length)];
    String instrument = switch (indication) {
      case "NECK_PAIN" -> "NDI";
      case "CHRONIC_LOW_BACK_PAIN", "ACUTE_LOW_BACK_PAIN" -> "ODI";
      default -> "NPRS";
    };
    double max = switch (instrument) { case "NDI" -> 50; case "ODI" -> 100; default -> 10; };
    int planned = 6 + 2 * random.nextInt(4);
    int attend = random.nextDouble() < 0.2 ? Math.max(2, planned / 2) : planned - random.nextInt(2);
    String practitioner = practitioner(clinicId, 1 + random.nextInt(2));
    LocalDate startDay = LocalDate.ofInstant(start, ZoneOffset.UTC);
    out.add(new Line("{\"type\":\"episode\",\"episodeId\":\"" + episodeId + "\",\"clinicId\":\"" + clinicId
        + "\",\"patientId\":\"MRN-" + episodeId + "\",\"indication\":\"" + indication + "\",\"chronicity\":\""
        + (random.nextBoolean() ? "CHRONIC" : "SUBACUTE") + "\",\"startDate\":\"" + startDay
        + "\",\"priorCare\":[\"HEAT\",\"EXERCISE\"],\"plannedSessions\":" + planned + "}", 'e'));
    double baseline = Math.round(max * (0.4 + 0.3 * random.nextDouble()));
    out.add(outcome(clinicId, episodeId, instrument, "BASELINE", baseline, start));
    Instant at = start;
    int s = 0;
    for (; s < attend && at.isBefore(now); s++) {
      String sessionId = episodeId + "-S" + s;
      out.add(new Line("{\"type\":\"session\",\"sessionId\":\"" + sessionId + "\",\"episodeId\":\"" + episodeId
          + "\",\"clinicId\":\"" + clinicId + "\",\"practitionerId\":\"" + practitioner + "\",\"occurredAt\":\"" + at
          + "\",\"modality\":\"DRY_NEEDLING\",\"needleCount\":" + (2 + random.nextInt(8))
          + ",\"needleDiameterMm\":0.30,\"needleLengthMm\":30,\"durationMinutes\":" + (10 + random.nextInt(20))
          + ",\"twitchResponse\":" + random.nextBoolean() + ",\"cointerventions\":[\"EXERCISE\"]}", 's'));
      for (int k = 0; k < MINOR.length; k++) {
        if (random.nextDouble() < MINOR_RATES[k] * 0.9) {
          out.add(adverseEvent(clinicId, episodeId, sessionId, MINOR[k], false, at, now));
        }
      }
      if (random.nextDouble() < SERIOUS_RATE * 0.9) {
        out.add(adverseEvent(clinicId, episodeId, sessionId, SERIOUS[random.nextInt(SERIOUS.length)], true, at,
            now));
      }
      if (s == Math.min(7, attend - 1) && start.plus(28, ChronoUnit.DAYS).isBefore(now)) {
        out.add(outcome(clinicId, episodeId, instrument, "WEEK_4", baseline * 0.7, start.plus(28, ChronoUnit.DAYS)));
      }
      Instant next = at.plus(3 + random.nextInt(2), ChronoUnit.DAYS);
      if (s == attend - 1 && next.isBefore(now)) {
        out.add(outcome(clinicId, episodeId, instrument, "DISCHARGE", baseline * 0.5, next));
      }
      at = next;
    }
  }

  private Line adverseEvent(String clinicId, String episodeId, String sessionId, String category, boolean serious,
      Instant at, Instant now) {
    Instant onset = at.plus(random.nextInt(120), ChronoUnit.MINUTES);
    return new Line("{\"type\":\"adverse_event\",\"adverseEventId\":\"" + sessionId + "-A" + (++sequence)
        + "\",\"sessionId\":\"" + sessionId + "\",\"episodeId\":\"" + episodeId + "\",\"clinicId\":\"" + clinicId
        + "\",\"category\":\"" + category + "\",\"severity\":\"" + (serious ? "SEVERE" : "MILD")
        + "\",\"onsetAt\":\"" + (onset.isAfter(now) ? now : onset) + "\",\"serious\":" + serious + "}", 'a');
  }

  private static Line outcome(String clinicId, String episodeId, String instrument, String timepoint, double score,
      Instant at) {
    return new Line("{\"type\":\"outcome\",\"episodeId\":\"" + episodeId + "\",\"clinicId\":\"" + clinicId
        + "\",\"instrument\":\"" + instrument + "\",\"timepoint\":\"" + timepoint + "\",\"score\":"
        + Math.round(score) + ",\"recordedAt\":\"" + at + "\"}", 'o');
  }

  private static List<Batch> cut(String clinicId, List<Line> lines, int batch) {
    var out = new ArrayList<Batch>();
    for (int i = 0; i < lines.size(); i += batch) {
      var body = new StringBuilder();
      int sessions = 0;
      int adverse = 0;
      var part = lines.subList(i, Math.min(lines.size(), i + batch));
      for (Line l : part) {
        body.append(l.json()).append('\n');
        sessions += l.kind() == 's' ? 1 : 0;
        adverse += l.kind() == 'a' ? 1 : 0;
      }
      out.add(new Batch(clinicId, body.toString(), part.size(), sessions, adverse));
    }
    return out;
  }

  static String practitioner(String clinicId, int p) {
    return "P" + clinicId + "-" + p;
  }
}
