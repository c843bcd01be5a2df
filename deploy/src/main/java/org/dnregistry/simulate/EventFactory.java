package org.dnregistry.simulate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dnregistry.simulate.NetworkModel.ClinicSpec;
import org.dnregistry.simulate.NetworkModel.PractitionerSpec;

/**
 * Draws the events of the synthetic network as ingest JSON (REFERENCE section 2). Deterministic for a seed.
 * Effect sizes and case mix are synthetic assumptions (see {@link NetworkModel}).
 */
final class EventFactory {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String[] INDICATIONS = {
      "NECK_PAIN", "NECK_PAIN", "CHRONIC_LOW_BACK_PAIN", "CHRONIC_LOW_BACK_PAIN", "ACUTE_LOW_BACK_PAIN",
      "SHOULDER_PAIN", "SHOULDER_PAIN", "UPPER_BACK_MYOFASCIAL_PAIN", "KNEE_PAIN", "LATERAL_EPICONDYLALGIA",
      "PLANTAR_FASCIITIS", "HEADACHE", "HIP_PAIN", "PATELLOFEMORAL_PAIN"};
  private static final String[] CHRONICITY = {"ACUTE", "SUBACUTE", "CHRONIC", "CHRONIC"};
  private static final String[] ETIOLOGY = {"MYOFASCIAL", "MYOFASCIAL", "DEGENERATIVE", "POSTURAL", "TRAUMATIC"};
  private static final String[] PRIOR_CARE = {"NSAID_OR_ACETAMINOPHEN", "HEAT", "SELF_CARE_EDUCATION", "EXERCISE",
      "MANUAL_THERAPY"};
  private static final String[] SERIOUS_CATEGORIES = {"PNEUMOTHORAX", "INFECTION", "NERVE_INJURY", "VASOVAGAL"};

  private final Random random;
  private long sequence;

  EventFactory(long seed) {
    this.random = new Random(seed);
  }

  /** One episode of care and what the simulator remembers of it to continue it. */
  record Episode(String episodeId, ClinicSpec clinic, PractitionerSpec practitioner, String indication,
      String instrument, double baselineScore, double expectedChange, int plannedSessions, int sessionsToAttend,
      Instant start, List<Instant> sessionTimes) {}

  ObjectNode clinic(ClinicSpec c) {
    return JSON.objectNode().put("type", "clinic").put("clinicId", c.clinicId()).put("name", c.name())
        .put("state", c.state()).put("network", "Demo network");
  }

  ObjectNode practitioner(PractitionerSpec p) {
    return JSON.objectNode().put("type", "practitioner").put("practitionerId", p.practitionerId())
        .put("clinicId", p.clinicId()).put("profession", p.profession()).put("trainingHours", p.trainingHours())
        .put("licenseState", "CO");
  }

  Episode newEpisode(ClinicSpec clinic, List<PractitionerSpec> staff, Instant start) {
    String indication = pick(INDICATIONS);
    String instrument = switch (indication) {
      case "NECK_PAIN" -> "NDI";
      case "CHRONIC_LOW_BACK_PAIN", "ACUTE_LOW_BACK_PAIN" -> "ODI";
      case "KNEE_PAIN", "HIP_PAIN", "PATELLOFEMORAL_PAIN" -> "PSFS";
      default -> "NPRS";
    };
    // Synthetic assumption: baseline severity and a mean improvement of about 1.3 MCIDs, SD about 1 MCID.
    double mcid = switch (instrument) { case "NDI" -> 7.5; case "ODI" -> 10; default -> 2.0; };
    double baseline = switch (instrument) {
      case "NDI" -> clamp(Math.round(18 + random.nextGaussian() * 6), 5, 50);
      case "ODI" -> clamp(2 * Math.round((36 + random.nextGaussian() * 12) / 2), 6, 100);
      case "PSFS" -> clamp(Math.round((3.5 + random.nextGaussian() * 1.2) * 10) / 10.0, 0, 8);
      default -> clamp(Math.round(6.2 + random.nextGaussian() * 1.5), 2, 10);
    };
    int planned = 6 + 2 * random.nextInt(4);
    // Synthetic assumption: most patients attend nearly all planned sessions, one in five drops out early.
    int attend = random.nextDouble() < 0.2 ? Math.max(2, planned / 2) : planned - random.nextInt(2);
    var staffMember = staff.get(random.nextInt(staff.size()));
    return new Episode(clinic.clinicId() + "-E" + (++sequence), clinic, staffMember, indication, instrument,
        baseline, mcid * (1.3 + random.nextGaussian() * 0.3), planned, attend, start, new ArrayList<>());
  }

  ObjectNode episode(Episode e) {
    var node = JSON.objectNode().put("type", "episode").put("episodeId", e.episodeId())
        .put("clinicId", e.clinic().clinicId()).put("patientId", "MRN-" + e.episodeId())
        .put("indication", e.indication()).put("chronicity", pick(CHRONICITY)).put("etiology", pick(ETIOLOGY))
        .put("startDate", LocalDate.ofInstant(e.start(), ZoneOffset.UTC).toString())
        .put("plannedSessions", e.plannedSessions());
    ArrayNode prior = node.putArray("priorCare");
    for (String care : PRIOR_CARE) {
      if (random.nextDouble() < 0.6) {
        prior.add(care);
      }
    }
    if (random.nextDouble() < 0.04) {
      node.putArray("contraindications").add("ANTICOAGULANTS");
    }
    return node;
  }

  ObjectNode session(Episode e, String sessionId, Instant at) {
    var node = JSON.objectNode().put("type", "session").put("sessionId", sessionId)
        .put("episodeId", e.episodeId()).put("clinicId", e.clinic().clinicId())
        .put("practitionerId", e.practitioner().practitionerId()).put("occurredAt", at.toString())
        .put("modality", "DRY_NEEDLING").put("needleCount", 2 + random.nextInt(8))
        // Mostly standard 0.25-0.30 mm x 30-40 mm needles; now and then an out-of-range one.
        .put("needleDiameterMm", random.nextDouble() < 0.03 ? 0.40 : 0.25 + 0.05 * random.nextInt(2))
        .put("needleLengthMm", random.nextDouble() < 0.03 ? 60 : 30 + 10 * random.nextInt(2))
        .put("durationMinutes", 10 + random.nextInt(20)).put("twitchResponse", random.nextBoolean());
    ArrayNode co = node.putArray("cointerventions");
    if (random.nextDouble() < 0.8) {
      co.add("EXERCISE");
    }
    if (random.nextDouble() < 0.3) {
      co.add("MANUAL_THERAPY");
    }
    return node;
  }

  /** The adverse events of one session, drawn at the published rates times the clinic's multiplier. */
  List<ObjectNode> adverseEvents(Episode e, String sessionId, Instant at, Instant now) {
    var events = new ArrayList<ObjectNode>();
    double m = e.clinic().complicationMultiplier();
    NetworkModel.MINOR_RATES.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(rate -> {
      if (random.nextDouble() < Math.min(0.95, rate.getValue() * m)) {
        events.add(adverseEvent(e, sessionId, at, now, rate.getKey(), false));
      }
    });
    if (random.nextDouble() < NetworkModel.SERIOUS_RATE * m) {
      events.add(adverseEvent(e, sessionId, at, now, pick(SERIOUS_CATEGORIES), true));
    }
    return events;
  }

  /** Onset within two hours of the session, never after {@code now} (ingest rejects instants in the future). */
  ObjectNode adverseEvent(Episode e, String sessionId, Instant at, Instant now, String category, boolean serious) {
    Instant onset = at.plus(random.nextInt(120), ChronoUnit.MINUTES);
    return JSON.objectNode().put("type", "adverse_event").put("adverseEventId", sessionId + "-AE" + (++sequence))
        .put("sessionId", sessionId).put("episodeId", e.episodeId()).put("clinicId", e.clinic().clinicId())
        .put("category", category).put("severity", serious ? "SEVERE" : random.nextDouble() < 0.8 ? "MILD" : "MODERATE")
        .put("onsetAt", (onset.isAfter(now) ? now : onset).toString()).put("serious", serious);
  }

  ObjectNode baselineOutcome(Episode e) {
    return outcome(e, "BASELINE", e.baselineScore(), e.start());
  }

  /** A follow-up score: the baseline improved by the episode's expected change plus noise, within range. */
  ObjectNode followUp(Episode e, String timepoint, Instant at, double fractionOfEffect) {
    double change = e.expectedChange() * fractionOfEffect + random.nextGaussian() * e.expectedChange() * 0.5;
    double score = "PSFS".equals(e.instrument()) ? e.baselineScore() + change : e.baselineScore() - change;
    return outcome(e, timepoint, score, at);
  }

  private ObjectNode outcome(Episode e, String timepoint, double rawScore, Instant at) {
    double max = switch (e.instrument()) { case "NDI" -> 50; case "ODI" -> 100; default -> 10; };
    double step = "PSFS".equals(e.instrument()) ? 0.1 : 1;
    double score = clamp(Math.round(rawScore / step) * step, 0, max);
    return JSON.objectNode().put("type", "outcome").put("episodeId", e.episodeId())
        .put("clinicId", e.clinic().clinicId()).put("instrument", e.instrument()).put("timepoint", timepoint)
        .put("score", Math.round(score * 100) / 100.0).put("recordedAt", at.toString());
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  double nextDouble() {
    return random.nextDouble();
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
