package org.dnregistry.simulate;

import java.util.List;
import java.util.Map;

/**
 * The synthetic clinic network: who treats where, and the rates events are drawn at.
 *
 * <p>Adverse-event rates per session are the published ones (Brady 2014, Boyce 2020; the same figures the
 * registry's default baselines cite) times a clinic's multiplier: the normal clinics sit a little below them (0.9),
 * as a good clinic would, so their surveillance stays quiet; one clinic has three times the rates, so that a
 * newcomer sees its surveillance signal, its ALARM statuses and a sentinel alert. Everything else here
 * (case mix, adherence, effect sizes) is a synthetic assumption for a realistic-looking demo, not a
 * published figure, and must not be read as evidence.
 */
public record NetworkModel(List<ClinicSpec> clinics, List<PractitionerSpec> practitioners) {

  public record ClinicSpec(String clinicId, String name, String state, double complicationMultiplier) {}

  public record PractitionerSpec(String practitionerId, String clinicId, String profession, double trainingHours) {}

  /**
   * Adverse events per dry needling session. Brady S et al., J Man Manip Ther 2014;22(3):134-40
   * (7,629 treatments): bruising 7.55%, bleeding 4.65%, pain during 3.01%, pain after 2.19%, symptom
   * aggravation 0.88%, drowsiness 0.26%, headache 0.14%, nausea 0.13%, fatigue 0.04%.
   */
  public static final Map<String, Double> MINOR_RATES = Map.of(
      "BRUISING", 0.0755, "BLEEDING", 0.0465, "PAIN_DURING", 0.0301, "PAIN_AFTER", 0.0219,
      "SYMPTOM_AGGRAVATION", 0.0088, "DROWSINESS", 0.0026, "HEADACHE", 0.0014, "NAUSEA", 0.0013,
      "FATIGUE", 0.0004);

  /** Serious adverse events per session: Boyce D et al., Int J Sports Phys Ther 2020;15(1):103-113, 20/20,464. */
  public static final double SERIOUS_RATE = 0.000977;

  /** A good clinic's complication rates against the published ones. */
  static final double IN_CONTROL = 0.9;

  /** Five clinics; C3 has three times the published rates; C4 is in New York; P22 has 40 hours of training. */
  public static NetworkModel standard() {
    return new NetworkModel(
        List.of(
            new ClinicSpec("C1", "Front Range Physical Therapy", "CO", IN_CONTROL),
            new ClinicSpec("C2", "Lone Star Rehab", "TX", IN_CONTROL),
            new ClinicSpec("C3", "Harbor Sports Clinic", "CA", 3.0),
            new ClinicSpec("C4", "Hudson Valley PT", "NY", IN_CONTROL),
            new ClinicSpec("C5", "Cascade Movement Clinic", "WA", IN_CONTROL)),
        List.of(
            new PractitionerSpec("P11", "C1", "PHYSICAL_THERAPIST", 120),
            new PractitionerSpec("P12", "C1", "PHYSICAL_THERAPIST", 80),
            new PractitionerSpec("P21", "C2", "PHYSICAL_THERAPIST", 100),
            new PractitionerSpec("P22", "C2", "PHYSICAL_THERAPIST", 40),
            new PractitionerSpec("P31", "C3", "CHIROPRACTOR", 65),
            new PractitionerSpec("P32", "C3", "PHYSICAL_THERAPIST", 90),
            new PractitionerSpec("P41", "C4", "PHYSICAL_THERAPIST", 75),
            new PractitionerSpec("P51", "C5", "PHYSICAL_THERAPIST", 150),
            new PractitionerSpec("P52", "C5", "PHYSICIAN", 200)));
  }

  public List<PractitionerSpec> practitionersOf(String clinicId) {
    return practitioners.stream().filter(p -> p.clinicId().equals(clinicId)).toList();
  }
}
