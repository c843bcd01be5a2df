package org.dnregistry.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.Baseline;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Outcome;
import org.dnregistry.avro.Practitioner;
import org.dnregistry.avro.Session;
import org.dnregistry.ingest.TestEvents;
import org.dnregistry.ingest.events.Fact;

/**
 * The contract's rules restated on what reaches Kafka, written without the validator's code: a fact that breaks
 * one of these was accepted although invalid.
 */
final class ContractInvariants {
  static final Instant EARLIEST = Instant.parse("1990-01-01T00:00:00Z");
  static final Instant LATEST = TestEvents.NOW.plusSeconds(300);
  static final LocalDate LATEST_DAY = LocalDate.ofInstant(TestEvents.NOW, ZoneOffset.UTC).plusDays(1);

  private ContractInvariants() {}

  static void check(Fact f, String tokenClinic) {
    for (String part : f.key().split("\\|", -1)) {
      id(part);
    }
    if (f.type().clinical() && tokenClinic != null) {
      assertThat(f.clinicId()).isEqualTo(tokenClinic);
      assertThat(f.key()).startsWith(tokenClinic + "|");
    }
    if (f.value() == null) {
      return;
    }
    switch (f.type()) {
      case EPISODE -> {
        Episode e = (Episode) f.value();
        assertThat(f.key()).isEqualTo(e.getClinicId() + "|" + e.getEpisodeId());
        assertThat(e.getPatientPseudonym()).matches("[0-9a-f]{64}");
        assertThat(e.getStartDate()).isBetween(LocalDate.of(1990, 1, 1), LATEST_DAY);
        assertThat(e.getPlannedSessions()).isBetween(1, 200);
        distinct(e.getPriorCare());
        distinct(e.getContraindications());
      }
      case SESSION -> {
        Session s = (Session) f.value();
        assertThat(f.key()).isEqualTo(s.getClinicId() + "|" + s.getEpisodeId() + "|" + s.getSessionId());
        id(s.getEpisodeId());
        id(s.getPractitionerId());
        instant(s.getOccurredAt());
        if (s.getNeedleCount() != null) {
          assertThat(s.getNeedleCount()).isBetween(1, 200);
        }
        if (s.getNeedleDiameterMm() != null) {
          assertThat(s.getNeedleDiameterMm()).isGreaterThan(0).isLessThanOrEqualTo(1);
        }
        if (s.getNeedleLengthMm() != null) {
          assertThat(s.getNeedleLengthMm()).isGreaterThan(0).isLessThanOrEqualTo(150);
        }
        if (s.getDurationMinutes() != null) {
          assertThat(s.getDurationMinutes()).isBetween(1, 240);
        }
        distinct(s.getRegions());
        s.getRegions().forEach(ContractInvariants::id);
        distinct(s.getCointerventions());
      }
      case OUTCOME -> {
        Outcome o = (Outcome) f.value();
        assertThat(f.key()).isEqualTo(o.getClinicId() + "|" + o.getEpisodeId() + "|" + o.getInstrument() + "|"
            + o.getTimepoint());
        double max = switch (o.getInstrument()) {
          case NPRS, PSFS -> 10;
          case NDI -> 50;
          case ODI -> 100;
        };
        assertThat(o.getScore()).isBetween(0.0, max);
        double hundredths = o.getScore() * 100;
        assertThat(Math.abs(hundredths - Math.rint(hundredths))).isLessThan(1e-6);
        instant(o.getRecordedAt());
        if (o.getSessionId() != null) {
          id(o.getSessionId());
        }
      }
      case ADVERSE_EVENT -> {
        AdverseEvent a = (AdverseEvent) f.value();
        assertThat(f.key()).isEqualTo(a.getClinicId() + "|" + a.getEpisodeId() + "|" + a.getAdverseEventId());
        id(a.getSessionId());
        id(a.getEpisodeId());
        instant(a.getOnsetAt());
        if (a.getDescription() != null) {
          text(a.getDescription(), 2000);
        }
      }
      case CLINIC -> {
        Clinic c = (Clinic) f.value();
        assertThat(f.key()).isEqualTo(c.getClinicId());
        text(c.getName(), 200);
        assertThat(c.getState()).matches("[A-Z]{2}(-[A-Z0-9]{1,3})?");
      }
      case PRACTITIONER -> {
        Practitioner p = (Practitioner) f.value();
        assertThat(f.key()).isEqualTo(p.getPractitionerId());
        id(p.getClinicId());
        assertThat(p.getTrainingHours()).isBetween(0.0, 100_000.0);
      }
      case BASELINE -> {
        Baseline b = (Baseline) f.value();
        assertThat(f.key()).isEqualTo(b.getCategory() + "|" + b.getSource());
        assertThat(b.getLow()).isBetween(0.0, 1.0);
        assertThat(b.getHigh()).isBetween(b.getLow(), 1.0);
      }
    }
  }

  static void id(String s) {
    assertThat(s).isNotEmpty().doesNotContain("|");
    assertThat(s.codePointCount(0, s.length())).isLessThanOrEqualTo(64);
    assertThat(s.strip()).isEqualTo(s);
    validUnicode(s);
    assertThat(s.chars().noneMatch(Character::isISOControl)).as("no control characters").isTrue();
  }

  static void text(String s, int max) {
    assertThat(s).isNotBlank();
    assertThat(s.codePointCount(0, s.length())).isLessThanOrEqualTo(max);
    validUnicode(s);
    assertThat(s.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')).isTrue();
  }

  static void validUnicode(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        assertThat(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))).as("paired surrogate").isTrue();
        i++;
      } else {
        assertThat(Character.isLowSurrogate(c)).as("unpaired low surrogate").isFalse();
      }
    }
  }

  static void instant(Instant t) {
    assertThat(t).isBetween(EARLIEST, LATEST);
  }

  static void distinct(List<?> list) {
    assertThat(new HashSet<>(list)).hasSameSizeAs(list);
  }
}
