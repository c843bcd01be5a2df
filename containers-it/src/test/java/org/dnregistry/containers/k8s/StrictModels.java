package org.dnregistry.containers.k8s;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.Map;

/**
 * Validates manifests offline against the typed models of the Kubernetes API (fabric8's kubernetes-model, generated
 * from the Kubernetes OpenAPI schema) and of Strimzi's custom resources (io.strimzi:api, the classes Strimzi's
 * CRD schemas are generated from). Strict: the models' catch-all for unknown properties is removed, so a
 * misspelled or misplaced field is an error with its path, and no scalar is coerced (a quoted number where the API
 * wants an integer fails, as the API server would refuse it).
 */
final class StrictModels {
  /** The API group/version and kind of each resource this project ships, and its model. */
  static final Map<String, Class<?>> MODELS = Map.of(
      "apps/v1 Deployment", Deployment.class,
      "apps/v1 StatefulSet", StatefulSet.class,
      "v1 Service", Service.class,
      "v1 ConfigMap", ConfigMap.class,
      "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class,
      "batch/v1 Job", Job.class,
      "kafka.strimzi.io/v1beta2 Kafka", Kafka.class,
      "kafka.strimzi.io/v1beta2 KafkaNodePool", KafkaNodePool.class,
      "kafka.strimzi.io/v1beta2 KafkaTopic", KafkaTopic.class);

  private static final ObjectMapper STRICT = JsonMapper.builder()
      .addModule(new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
        @Override
        public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription bean,
            BeanDeserializerBuilder builder) {
          builder.setAnySetter(null);
          return builder;
        }
      }))
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .build();

  private StrictModels() {}

  static String key(JsonNode doc) {
    return doc.path("apiVersion").asText() + " " + doc.path("kind").asText();
  }

  /** The typed resource, or an IllegalArgumentException naming the first problem and where it is. */
  static Object validate(JsonNode doc) {
    Class<?> model = MODELS.get(key(doc));
    if (model == null) {
      throw new IllegalArgumentException("no model for " + key(doc) + " (known: " + MODELS.keySet() + ")");
    }
    try {
      return STRICT.treeToValue(doc, model);
    } catch (Exception e) {
      throw new IllegalArgumentException(key(doc) + " " + doc.path("metadata").path("name").asText() + ": "
          + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }
}
