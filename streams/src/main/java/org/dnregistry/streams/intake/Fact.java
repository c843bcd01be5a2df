package org.dnregistry.streams.intake;

import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import org.apache.avro.specific.SpecificRecord;
import org.dnregistry.avro.AdverseEvent;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Episode;
import org.dnregistry.avro.Outcome;
import org.dnregistry.avro.Practitioner;
import org.dnregistry.avro.Session;
import org.dnregistry.streams.deadletter.FactChecks;
import org.dnregistry.topics.TopicSpec;
import org.dnregistry.topics.Topics;

/**
 * One input record as the episode task sees it: what kind of fact it is and its value, null for a retraction. The
 * record key is the fact's key ({@code org.dnregistry.topics.Keys}).
 */
public record Fact(Kind kind, SpecificRecord value) {

  /** The kinds of facts the episode task keeps: the clinical ones and the reference data their flags need. */
  public enum Kind {
    EPISODE(Topics.EPISODES, true, FactChecks::episode),
    SESSION(Topics.SESSIONS, true, FactChecks::session),
    OUTCOME(Topics.OUTCOMES, true, FactChecks::outcome),
    ADVERSE_EVENT(Topics.ADVERSE_EVENTS, true, FactChecks::adverseEvent),
    CLINIC(Topics.CLINICS, false, FactChecks::clinic),
    PRACTITIONER(Topics.PRACTITIONERS, false, FactChecks::practitioner);

    private final TopicSpec<? extends SpecificRecord> topic;
    private final boolean clinical;
    private final BiFunction<String, SpecificRecord, List<String>> checks;

    @SuppressWarnings("unchecked")
    <V extends SpecificRecord> Kind(TopicSpec<V> topic, boolean clinical, BiFunction<String, V, List<String>> checks) {
      this.topic = topic;
      this.clinical = clinical;
      this.checks = (BiFunction<String, SpecificRecord, List<String>>) (BiFunction<String, ?, List<String>>) checks;
    }

    public TopicSpec<? extends SpecificRecord> topic() {
      return topic;
    }

    /** Clinical facts live in their episode's partition; reference data is needed by every task. */
    public boolean clinical() {
      return clinical;
    }

    /** What is wrong with a value of this kind under this key; empty when it is sound. */
    List<String> problems(String key, SpecificRecord value) {
      return checks.apply(key, value);
    }
  }

  public Fact {
    Objects.requireNonNull(kind, "kind");
    if (value != null && !kind.topic().valueType().isInstance(value)) {
      throw new IllegalArgumentException(kind + " fact holding a " + value.getClass().getSimpleName());
    }
  }

  public boolean retraction() {
    return value == null;
  }

  public Episode episode() {
    return (Episode) value;
  }

  public Session session() {
    return (Session) value;
  }

  public Outcome outcome() {
    return (Outcome) value;
  }

  public AdverseEvent adverseEvent() {
    return (AdverseEvent) value;
  }

  public Clinic clinic() {
    return (Clinic) value;
  }

  public Practitioner practitioner() {
    return (Practitioner) value;
  }
}
