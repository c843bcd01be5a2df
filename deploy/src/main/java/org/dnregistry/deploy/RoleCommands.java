package org.dnregistry.deploy;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.dnregistry.access.Tokens;
import org.dnregistry.config.Settings;
import org.dnregistry.ingest.IngestApplication;
import org.dnregistry.localstack.TopicSetup;
import org.dnregistry.streams.StreamsNode;
import org.dnregistry.topics.Topics;

/** The production roles: one process each, against any Kafka and Confluent-compatible registry. */
final class RoleCommands {
  private RoleCommands() {}

  static Settings settings(Args args) {
    return Settings.load(args.get("config").map(Path::of), System.getenv());
  }

  /** {@code ingest [--config FILE]}: the HTTP gateway until SIGTERM. */
  static int ingest(String[] argv, PrintStream out) throws InterruptedException {
    Settings settings = settings(Args.parse(argv, Set.of("config"), Set.of()));
    try (var ingest = IngestApplication.start(settings)) {
      out.println("ingest listening on " + ingest.url());
      awaitShutdown();
    }
    return 0;
  }

  /**
   * {@code streams [--config FILE]}: the topology, query API and dashboard until SIGTERM. Needs
   * {@code query.tokens.file} and {@code query.internal.token} (the same secret on every instance).
   */
  static int streams(String[] argv, PrintStream out) throws InterruptedException {
    Settings settings = settings(Args.parse(argv, Set.of("config"), Set.of()));
    Tokens tokens = Tokens.load(Path.of(settings.require("query.tokens.file")));
    Optional<String> failure;
    try (var node = StreamsNode.start(settings, tokens, settings.getInt("query.port", 8080))) {
      out.println("query API and dashboard on " + node.url());
      failure = awaitShutdownOr(node.stopped());
    }
    if (failure.isPresent()) {
      // A failed instance never serves again: end non-zero so its supervisor starts a new one (issue 10, defect 4).
      throw new IllegalStateException(failure.get());
    }
    return 0;
  }

  /**
   * Blocks until the JVM is asked to stop (then empty, as {@link #awaitShutdown()}) or {@code failure} completes
   * (then its reason: the caller ends the process non-zero).
   */
  static Optional<String> awaitShutdownOr(CompletableFuture<String> failure) throws InterruptedException {
    Shutdown.install();
    Shutdown.awaitOr(failure);
    return Shutdown.requested() || !failure.isDone() ? Optional.empty() : Optional.of(failure.join());
  }

  /** {@code topics [--config FILE] [--partitions N] [--replication-factor N]}: create topics, seed baselines. */
  static int topics(String[] argv, PrintStream out) {
    Args args = Args.parse(argv, Set.of("config", "partitions", "replication-factor"), Set.of());
    Settings settings = settings(args);
    int partitions = args.getInt("partitions", settings.getInt("topics.partitions", 6));
    short replication = (short) args.getInt("replication-factor", settings.getInt("topics.replication.factor", 3));
    try (Admin admin = Admin.create(settings.kafka())) {
      var result = TopicSetup.createTopics(admin, Topics.ALL, partitions, replication);
      out.println("topics created: " + result.created() + "; already there: " + result.existing().size());
    }
    int seeded = TopicSetup.seedBaselines(settings.kafka(), settings.schemaRegistry());
    out.println(seeded == 0 ? "baselines: none written (seeded before, or an admin has written there)"
        : "seeded " + seeded + " published baselines");
    return 0;
  }

  /** Blocks until the JVM is asked to stop (SIGTERM, Ctrl-C); the try-with-resources then closes cleanly. */
  static void awaitShutdown() throws InterruptedException {
    // Main installs the one hook before the role starts; installing here too covers a caller that is not Main.
    Shutdown.install();
    Shutdown.awaitOr(new CompletableFuture<>());
  }

}
