package org.dnregistry.containers.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dnregistry.topics.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s, validated offline: every resource against the Kubernetes and Strimzi models (StrictModels), then the
 * wiring a schema cannot see: selectors, probes on the roles' health endpoints, secrets and settings that exist,
 * the streams pods' advertised host from the downward API, sized resources, and topics equal to Topics.java.
 * Nothing here talks to a cluster; README says what was run and what was only validated.
 */
final class K8sManifestsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path DIR = Path.of("").toAbsolutePath().getParent().resolve("deploy").resolve("k8s");
  private static final Map<String, List<Object>> BY_KIND = new TreeMap<>();
  private static final List<JsonNode> DOCS = new ArrayList<>();

  @BeforeAll
  static void load() throws IOException {
    for (Path file : manifestFiles()) {
      try (var parser = YAML.getFactory().createParser(file.toFile())) {
        for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
          if (doc != null && !doc.isEmpty()) {
            DOCS.add(doc);
            BY_KIND.computeIfAbsent(doc.path("kind").asText(), k -> new ArrayList<>()).add(StrictModels.validate(doc));
          }
        }
      }
    }
  }

  private static List<Path> manifestFiles() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(f -> f.toString().endsWith(".yaml") && !f.getFileName().toString().equals("kustomization.yaml"))
          .sorted().toList();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> all(Class<T> type) {
    return (List<T>) BY_KIND.getOrDefault(type.getSimpleName(), List.of());
  }

  private static <T> T named(Class<T> type, String name) {
    return all(type).stream().filter(r -> ((io.fabric8.kubernetes.api.model.HasMetadata) r).getMetadata().getName()
        .equals(name)).findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  @Test
  void everyResourceIsValidAgainstTheKubernetesAndStrimziModels() {
    assertThat(DOCS).hasSizeGreaterThan(20);
    assertThat(BY_KIND.keySet()).contains("Deployment", "StatefulSet", "Service", "ConfigMap", "PodDisruptionBudget",
        "Job", "Kafka", "KafkaNodePool", "KafkaTopic");
  }

  @Test
  void theValidatorRefusesWhatTheApiServerWould() throws IOException {
    JsonNode deployment = DOCS.stream().filter(d -> StrictModels.key(d).equals("apps/v1 Deployment")).findFirst().orElseThrow();
    ObjectNode misspelled = deployment.deepCopy();
    ((ObjectNode) misspelled.path("spec")).put("replica", 2);
    assertThatThrownBy(() -> StrictModels.validate(misspelled)).hasMessageContaining("replica");
    ObjectNode quoted = deployment.deepCopy();
    ((ObjectNode) quoted.path("spec")).put("replicas", "2");
    assertThatThrownBy(() -> StrictModels.validate(quoted)).isInstanceOf(IllegalArgumentException.class);
    JsonNode topic = DOCS.stream().filter(d -> StrictModels.key(d).endsWith("KafkaTopic")).findFirst().orElseThrow();
    ObjectNode badTopic = topic.deepCopy();
    ((ObjectNode) badTopic.path("spec")).put("partition", 6);
    assertThatThrownBy(() -> StrictModels.validate(badTopic)).hasMessageContaining("partition");
    ObjectNode unknownKind = topic.deepCopy();
    unknownKind.put("kind", "KafkaTopik");
    assertThatThrownBy(() -> StrictModels.validate(unknownKind)).hasMessageContaining("no model");
  }

  @Test
  void kustomizationListsEveryFileAndGeneratesEverySecretTheWorkloadsUse() throws IOException {
    JsonNode kustomization = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
    var listed = new TreeSet<String>();
    kustomization.path("resources").forEach(r -> listed.add(r.asText()));
    assertThat(listed).isEqualTo(manifestFiles().stream().map(p -> p.getFileName().toString())
        .collect(Collectors.toCollection(TreeSet::new)));

    var generated = new HashMap<String, Set<String>>();
    for (JsonNode g : kustomization.path("secretGenerator")) {
      var keys = new TreeSet<String>();
      g.path("files").forEach(f -> keys.add(f.asText().split("=")[0]));
      generated.put(g.path("name").asText(), keys);
    }
    for (PodTemplateSpec pod : podTemplates()) {
      pod.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null).forEach(v ->
          assertThat(generated).as("secret volume " + v.getName()).containsKey(v.getSecret().getSecretName()));
      for (Container c : pod.getSpec().getContainers()) {
        for (EnvVar e : c.getEnv()) {
          if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
            var ref = e.getValueFrom().getSecretKeyRef();
            assertThat(generated.get(ref.getName())).as(e.getName()).contains(ref.getKey());
          }
        }
        c.getEnvFrom().forEach(from -> named(ConfigMap.class, from.getConfigMapRef().getName()));
      }
    }
  }

  @Test
  void settingFilesLieInTheMountedSecrets() {
    ConfigMap config = named(ConfigMap.class, "dn-registry-config");
    assertFileMounted(deploymentPod("dn-ingest"), config.getData().get("DNREGISTRY_INGEST_TOKENS_FILE"));
    assertFileMounted(deploymentPod("dn-ingest"), config.getData().get("DNREGISTRY_INGEST_PSEUDONYM_SECRET_FILE"));
    assertFileMounted(named(StatefulSet.class, "dn-streams").getSpec().getTemplate(),
        config.getData().get("DNREGISTRY_QUERY_TOKENS_FILE"));
  }

  private static void assertFileMounted(PodTemplateSpec pod, String file) throws AssertionError {
    Path path = Path.of(file);
    Container c = pod.getSpec().getContainers().get(0);
    var mount = c.getVolumeMounts().stream().filter(m -> Path.of(m.getMountPath()).equals(path.getParent()))
        .findFirst().orElseThrow(() -> new AssertionError(file + " is in no mounted volume of " + c.getName()));
    var volume = pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
    assertThat(volume.getSecret()).as(file + " comes from a Secret").isNotNull();
  }

  @Test
  void probesCheckEachRolesOwnHealthEndpoints() {
    Container ingest = deploymentPod("dn-ingest").getSpec().getContainers().get(0);
    assertThat(ingest.getArgs()).containsExactly("ingest");
    assertThat(ingest.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    assertThat(ingest.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
    Container streams = named(StatefulSet.class, "dn-streams").getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(streams.getArgs()).containsExactly("streams");
    assertThat(streams.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
    // /health is 503 during a restore: liveness must not restart a pod that is restoring.
    assertThat(streams.getLivenessProbe().getHttpGet()).isNull();
    assertThat(streams.getLivenessProbe().getTcpSocket()).isNotNull();
    for (Container c : List.of(ingest, streams)) {
      var ports = c.getPorts().stream().map(p -> p.getName()).toList();
      assertThat(ports).contains(c.getReadinessProbe().getHttpGet().getPort().getStrVal());
      assertThat(c.getPorts()).allSatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
    }
  }

  @Test
  void streamsPodsAdvertiseTheirOwnStableNameAndKeepStateOnTheirVolume() throws IOException {
    StatefulSet sts = named(StatefulSet.class, "dn-streams");
    Container c = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, EnvVar> env = c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
    String headless = sts.getSpec().getServiceName();
    assertThat(env.get("DNREGISTRY_QUERY_ADVERTISED_HOST").getValue())
        .isEqualTo("$(POD_NAME)." + headless + ".$(POD_NAMESPACE).svc");
    // $(VAR) expands only variables defined before it in the list.
    var names = c.getEnv().stream().map(EnvVar::getName).toList();
    assertThat(names.indexOf("POD_NAME")).isLessThan(names.indexOf("DNREGISTRY_QUERY_ADVERTISED_HOST"));
    Service service = named(Service.class, headless);
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(service.getSpec().getPublishNotReadyAddresses()).isTrue();

    String containerfile = Files.readString(DIR.getParent().resolve("Containerfile"));
    String stateDir = "/var/lib/dn-registry";
    assertThat(containerfile).contains("VOLUME [\"" + stateDir + "\"]").contains("DNREGISTRY_STREAMS_STATE_DIR=" + stateDir + "/");
    String claim = sts.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
    assertThat(c.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getName()).isEqualTo(claim);
      assertThat(m.getMountPath()).isEqualTo(stateDir);
    });
    assertThat(sts.getSpec().getTemplate().getSpec().getSecurityContext().getFsGroup()).isEqualTo(10001L);
  }

  @Test
  void selectorsOfServicesAndBudgetsMatchTheirPods() {
    var podLabels = podTemplates().stream().map(p -> p.getMetadata().getLabels()).toList();
    for (Service s : all(Service.class)) {
      assertThat(podLabels).as("pods of service " + s.getMetadata().getName())
          .anySatisfy(l -> assertThat(l).containsAllEntriesOf(s.getSpec().getSelector()));
    }
    assertThat(all(PodDisruptionBudget.class)).hasSize(3);
    for (PodDisruptionBudget b : all(PodDisruptionBudget.class)) {
      assertThat(podLabels).as("pods of budget " + b.getMetadata().getName())
          .anySatisfy(l -> assertThat(l).containsAllEntriesOf(b.getSpec().getSelector().getMatchLabels()));
    }
    for (Deployment d : all(Deployment.class)) {
      assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
      assertThat(d.getSpec().getReplicas()).as("replicas of " + d.getMetadata().getName() + " with a budget").isGreaterThan(1);
    }
  }

  @Test
  void everyContainerIsSizedAndRunsAsNonRoot() {
    for (PodTemplateSpec pod : podTemplates()) {
      assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
      for (Container c : pod.getSpec().getContainers()) {
        var r = c.getResources();
        assertThat(r.getRequests()).as(c.getName()).containsKeys("cpu", "memory");
        // Memory request = limit: a JVM's footprint is planned, and the pod is never the first evicted.
        assertThat(r.getLimits().get("memory")).as(c.getName()).isEqualTo(r.getRequests().get("memory"));
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      }
    }
  }

  @Test
  void topicsAreTheOnesTheCodeDeclaresWithTheirSettings() {
    var declared = new TreeMap<String, Map<String, String>>();
    Topics.ALL.forEach(t -> declared.put(t.name(), new TreeMap<>(t.configs())));
    var manifests = new TreeMap<String, Map<String, String>>();
    for (KafkaTopic t : all(KafkaTopic.class)) {
      var config = new TreeMap<String, String>();
      t.getSpec().getConfig().forEach((k, v) -> config.put(k, String.valueOf(v)));
      manifests.put(t.getSpec().getTopicName(), config);
      assertThat(t.getSpec().getReplicas()).isEqualTo(3);
      assertThat(t.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", named(Kafka.class, "dn-kafka").getMetadata().getName());
    }
    assertThat(manifests).isEqualTo(declared);
    var inputPartitions = all(KafkaTopic.class).stream()
        .filter(t -> Topics.INPUTS.stream().anyMatch(i -> i.name().equals(t.getSpec().getTopicName())))
        .map(t -> t.getSpec().getPartitions()).collect(Collectors.toSet());
    assertThat(inputPartitions).as("every input topic has the same partition count (co-partitioning)").hasSize(1);
    Job job = named(Job.class, "dn-registry-topics");
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsSubsequence("--partitions", String.valueOf(inputPartitions.iterator().next()));
    var config = named(Kafka.class, "dn-kafka").getSpec().getKafka().getConfig();
    assertThat(config).containsEntry("min.insync.replicas", 2).containsEntry("default.replication.factor", 3)
        .containsEntry("auto.create.topics.enable", false);
  }

  private static PodTemplateSpec deploymentPod(String name) {
    return named(Deployment.class, name).getSpec().getTemplate();
  }

  private static List<PodTemplateSpec> podTemplates() {
    var pods = new ArrayList<PodTemplateSpec>();
    all(Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate()));
    all(StatefulSet.class).forEach(s -> pods.add(s.getSpec().getTemplate()));
    all(Job.class).forEach(j -> pods.add(j.getSpec().getTemplate()));
    return pods;
  }
}
