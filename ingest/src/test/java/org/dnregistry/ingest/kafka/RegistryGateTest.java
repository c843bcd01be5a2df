package org.dnregistry.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.dnregistry.avro.Clinic;
import org.dnregistry.avro.Episode;
import org.dnregistry.ingest.events.EventType;
import org.dnregistry.ingest.events.Fact;
import org.dnregistry.registry.InMemorySchemaRegistryClient;
import org.dnregistry.registry.RegisteredSchema;
import org.dnregistry.registry.SchemaRegistryClient;
import org.dnregistry.registry.SchemaRegistryUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry as a condition of writing: schemas resolved at start, readiness, and a fast 503 in an outage. */
class RegistryGateTest {
  static final List<RegistryGate.Subject> SUBJECTS = List.of(
      new RegistryGate.Subject("dn.clinics.v1-value", Clinic.getClassSchema()),
      new RegistryGate.Subject("dn.episodes.v1-value", Episode.getClassSchema()));

  /** A registry that can be taken down: every call then fails as an unreachable one does. */
  static final class SwitchableRegistry implements SchemaRegistryClient {
    final InMemorySchemaRegistryClient store = new InMemorySchemaRegistryClient();
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean down;

    private void call() {
      calls.incrementAndGet();
      if (down) {
        throw new SchemaRegistryUnavailableException("fetch: cannot connect (connection refused)", 0, 0, null);
      }
    }

    @Override
    public int register(String subject, Schema schema) {
      call();
      return store.register(subject, schema);
    }

    @Override
    public Optional<Integer> lookup(String subject, Schema schema) {
      call();
      return store.lookup(subject, schema);
    }

    @Override
    public Schema schemaById(int id) {
      call();
      return store.schemaById(id);
    }

    @Override
    public RegisteredSchema latest(String subject) {
      call();
      return store.latest(subject);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
      call();
      return store.isCompatible(subject, schema);
    }
  }

  final SwitchableRegistry registry = new SwitchableRegistry();
  final FakeEventWriter kafka = new FakeEventWriter();
  RegistryGate gate;

  @AfterEach
  void close() {
    if (gate != null) {
      gate.close();
    }
  }

  RegistryGate gate(boolean autoRegister) {
    // The background check runs rarely here: the tests call check() themselves.
    gate = new RegistryGate(registry, registry, SUBJECTS, autoRegister, Duration.ofMinutes(10)).start();
    return gate;
  }

  static List<Fact> facts() {
    return List.of(new Fact(EventType.CLINIC, "C1",
        Clinic.newBuilder().setClinicId("C1").setName("n").setState("CO").build(), null));
  }

  static WriteUnavailableException refusal(java.util.concurrent.CompletableFuture<Void> f) {
    assertThat(f).isCompletedExceptionally();
    try {
      f.get(1, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return (WriteUnavailableException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("not refused");
  }

  @Test
  void atStartEverySchemaIsRegisteredSoWritesNeedNoRegistryCall() throws Exception {
    gate(true);

    assertThat(gate.problem()).isEmpty();
    assertThat(registry.store.latest("dn.clinics.v1-value").schema()).isEqualTo(Clinic.getClassSchema());
    assertThat(registry.store.latest("dn.episodes.v1-value").schema()).isEqualTo(Episode.getClassSchema());
    var writer = new GatedEventWriter(kafka, gate);
    writer.write(facts()).get(1, TimeUnit.SECONDS);
    assertThat(kafka.facts()).hasSize(1);
    assertThat(writer.problem()).isEmpty();
  }

  @Test
  void aRegistryDownAtStartMeansNotReadyAndAnImmediate503UntilItAnswers() throws Exception {
    registry.down = true;
    gate(true);
    var writer = new GatedEventWriter(kafka, gate);

    assertThat(gate.problem()).hasValueSatisfying(p -> assertThat(p).contains("schema registry is unreachable"));
    assertThat(writer.ready()).isFalse();
    assertThat(writer.problem()).hasValueSatisfying(p -> assertThat(p).contains("schema registry"));
    WriteUnavailableException e = refusal(writer.write(facts()));
    assertThat(e.reason()).isEqualTo(WriteUnavailableException.Reason.REGISTRY_UNAVAILABLE);
    assertThat(e.retryAfterSeconds()).isPositive();
    assertThat(e.getMessage()).contains("nothing was written");
    assertThat(kafka.requests()).isEmpty();

    registry.down = false;
    gate.check();
    assertThat(gate.problem()).isEmpty();
    assertThat(writer.ready()).isTrue();
    writer.write(facts()).get(1, TimeUnit.SECONDS);
    assertThat(kafka.facts()).hasSize(1);
  }

  @Test
  void anOutageAfterStartTurnsReadinessOffAndBackOn() throws Exception {
    gate(true);
    var writer = new GatedEventWriter(kafka, gate);
    registry.down = true;
    gate.check();
    assertThat(writer.ready()).isFalse();
    int before = registry.calls.get();
    assertThat(refusal(writer.write(facts())).reason()).isEqualTo(WriteUnavailableException.Reason.REGISTRY_UNAVAILABLE);
    // Refused from the last check's result, without a registry call of its own.
    assertThat(registry.calls.get()).isEqualTo(before);

    registry.down = false;
    gate.check();
    assertThat(writer.ready()).isTrue();
  }

  @Test
  void withoutAutoRegistrationAMissingSchemaIsNamed() {
    gate(false);
    assertThat(gate.problem()).hasValueSatisfying(p -> assertThat(p).contains("not registered under subject")
        .contains("dn.clinics.v1-value"));
    registry.store.register("dn.clinics.v1-value", Clinic.getClassSchema());
    registry.store.register("dn.episodes.v1-value", Episode.getClassSchema());
    gate.check();
    assertThat(gate.problem()).isEmpty();
  }

  @Test
  void anEmptyRequestNeedsNoRegistry() throws Exception {
    registry.down = true;
    gate(true);
    new GatedEventWriter(kafka, gate).write(List.of()).get(1, TimeUnit.SECONDS);
    assertThatThrownBy(() -> new RegistryGate(registry, registry, List.of(), true, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
