package org.dnregistry.streams.topology;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.dnregistry.streams.intake.Fact;

/**
 * The partition count of the topics the episode tasks read. One task reads partition p of every one of them, and
 * a clinical fact's partition is computed from that count, so they must all have the same one: checked at start,
 * with an error that says what to do.
 */
public final class InputTopics {
  private InputTopics() {}

  /** The topics that feed the episode tasks. */
  public static List<String> names() {
    return java.util.Arrays.stream(Fact.Kind.values()).map(k -> k.topic().name()).toList();
  }

  /** Their common partition count, asked of the cluster. */
  public static int partitions(Map<String, Object> adminConfig) {
    try (Admin admin = Admin.create(adminConfig)) {
      Map<String, TopicDescription> found = admin.describeTopics(names()).allTopicNames().get(60, TimeUnit.SECONDS);
      var counts = new TreeMap<String, Integer>();
      found.forEach((name, d) -> counts.put(name, d.partitions().size()));
      return common(counts);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot describe the input topics " + names() + " (create them with the"
          + " `topics` command first): " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not describe the input topics within 60 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing the input topics", e);
    }
  }

  static int common(Map<String, Integer> counts) {
    if (counts.values().stream().distinct().count() != 1) {
      throw new IllegalStateException("the input topics must all have the same number of partitions, found "
          + counts + ": one stream task reads the same partition of each (see docs/OPERATIONS.md)");
    }
    return counts.values().iterator().next();
  }
}
