package org.dnregistry.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dnregistry.access.Tokens;
import org.dnregistry.config.Settings;
import org.dnregistry.ingest.IngestApplication;
import org.dnregistry.localstack.LocalStack;
import org.dnregistry.localstack.StackUsers;
import org.dnregistry.localstack.TopicSetup;
import org.dnregistry.simulate.IngestClient;
import org.dnregistry.simulate.NetworkModel;
import org.dnregistry.simulate.SimulateCommand;
import org.dnregistry.streams.StreamsApplication;
import org.dnregistry.streams.StreamsNode;
import org.dnregistry.streams.http.InternalToken;
import org.slf4j.LoggerFactory;

/**
 * {@code local [--data-dir DIR] [--tokens FILE] [--port N] [--simulate]}: the whole registry on this machine, in
 * the order each part needs the one before: broker and registry, topics and baselines, ingest, streams with the
 * query API and dashboard, then (optionally) the simulated clinic network. Data in DIR survives a restart.
 */
final class LocalCommand {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int PARTITIONS = 3;

  private LocalCommand() {}

  static int run(String[] argv, PrintStream out) throws Exception {
    Args args = Args.parse(argv, Set.of("data-dir", "tokens", "port"), Set.of("simulate"));
    Path dataDir = Path.of(args.get("data-dir").orElse(".local-data")).toAbsolutePath().normalize();
    int port = args.getInt("port", 8080);
    Files.createDirectories(dataDir);
    quietConsole();
    long t0 = System.nanoTime();
    var closing = new ArrayList<AutoCloseable>();
    Thread simulation = null;
    try {
      out.println("[1/5] starting a Kafka broker and the schema registry (Apicurio) in " + dataDir + " ...");
      LocalStack stack = LocalStack.start(dataDir);
      closing.add(0, stack);
      // At Ctrl-C the broker must outlive ingest and streams, which commit their last transactions on close.
      closing.add(0, StackUsers.register());
      out.printf("      broker %s, registry %s (%s)%n", stack.bootstrapServers(), stack.schemaRegistryUrl(), since(t0));

      out.println("[2/5] creating topics and seeding the published baselines ...");
      var topics = TopicSetup.createTopics(stack.bootstrapServers(), PARTITIONS, (short) 1);
      int seeded = TopicSetup.seedBaselines(stack.bootstrapServers(), stack.schemaRegistryUrl());
      out.printf("      %d topics created, %d already there; %s (%s)%n", topics.created().size(),
          topics.existing().size(), seeded > 0 ? seeded + " baselines seeded" : "baselines kept", since(t0));

      Path tokensFile = args.get("tokens").map(Path::of).orElseGet(() -> dataDir.resolve("tokens.json"));
      boolean madeTokens = !Files.exists(tokensFile);
      if (madeTokens) {
        writeDemoTokens(tokensFile);
      }
      Tokens tokens = Tokens.load(tokensFile);

      Settings settings = Settings.load(java.util.Optional.empty(), System.getenv())
          .with("kafka.bootstrap.servers", stack.bootstrapServers())
          .with("schema.registry.url", stack.schemaRegistryUrl());

      out.println("[3/5] starting ingest ...");
      IngestApplication ingest = IngestApplication.start(settings
          .with("ingest.port", Integer.toString(port + 1))
          .with("ingest.host", "127.0.0.1")
          .with("ingest.mode", "local")
          .with("ingest.data.dir", dataDir.resolve("ingest").toString())
          .with("ingest.tokens.file", tokensFile.toString()));
      closing.add(0, ingest);
      out.printf("      ingest on %s (%s)%n", ingest.url(), since(t0));

      out.println("[4/5] starting streams, the query API and the dashboard ...");
      StreamsNode node = StreamsNode.start(settings
          .with("streams.state.dir", dataDir.resolve("streams").toString())
          // Local demo: evaluate statuses and research months often so a newcomer sees them move.
          .with("streams.status.interval.ms", settings.get("streams.status.interval.ms", "2000"))
          .with("streams.research.interval.ms", settings.get("streams.research.interval.ms", "10000"))
          .with("streams.commit.interval.ms", settings.get("streams.commit.interval.ms", "1000"))
          // One instance here: a fresh secret for the internal API each run (several instances share a configured one).
          .with(StreamsApplication.INTERNAL_TOKEN, settings.get(StreamsApplication.INTERNAL_TOKEN,
              InternalToken.generate())), tokens, port);
      closing.add(0, node);
      awaitReady(node, out);
      out.printf("      streams ready (%s)%n", since(t0));

      URI dashboard = node.url();
      Path endpoints = dataDir.resolve("endpoints.json");
      writeEndpoints(endpoints, stack, ingest.url(), dashboard, tokensFile);
      out.printf("[5/5] ready in %s. Endpoints in %s%n%n", since(t0), endpoints);
      out.println("  Dashboard:  " + dashboard + "   (paste a token from below)");
      out.println("  Ingest:     " + ingest.url().resolve("/v1/events"));
      out.println("  Tokens:     " + tokensFile + (madeTokens ? " (demo tokens, made now)" : ""));
      printTokens(tokensFile, out);

      if (args.flag("simulate")) {
        IngestClient client = IngestClient.fromTokensFile(ingest.url(), tokensFile);
        simulation = new Thread(() -> simulate(client, out), "simulator");
        simulation.setDaemon(true);
        simulation.start();
      }
      out.println("\nCtrl-C stops everything cleanly; data stays in " + dataDir + ".");
      RoleCommands.awaitShutdown();
    } finally {
      if (simulation != null) {
        simulation.interrupt();
      }
      for (AutoCloseable c : closing) {
        try {
          c.close();
        } catch (Exception e) {
          out.println("while stopping: " + e.getMessage());
        }
      }
    }
    return 0;
  }

  /**
   * The console of {@code local} is for a person: one access-log line per simulated batch would bury the
   * progress messages (set DNREGISTRY_ACCESS_LOG=INFO to see them).
   */
  private static void quietConsole() {
    if (System.getenv("DNREGISTRY_ACCESS_LOG") == null
        && LoggerFactory.getLogger("org.dnregistry.ingest.access") instanceof ch.qos.logback.classic.Logger access) {
      access.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  private static void simulate(IngestClient client, PrintStream out) {
    try {
      SimulateCommand.run(client, new SimulateCommand.Options(42, 2, 120, Duration.ZERO), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      out.println("simulate stopped: " + e.getMessage());
    }
  }

  private static void awaitReady(StreamsNode node, PrintStream out) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (!node.ready()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("streams did not become ready within 5 minutes");
      }
      Thread.sleep(200);
    }
  }

  /** Demo tokens: an admin, a viewer and one per simulated clinic, random each time a data dir is made. */
  static void writeDemoTokens(Path file) throws IOException {
    var random = new SecureRandom();
    var root = JSON.createObjectNode();
    var list = root.putArray("tokens");
    list.addObject().put("token", token(random)).put("role", "admin");
    list.addObject().put("token", token(random)).put("role", "viewer");
    for (var clinic : NetworkModel.standard().clinics()) {
      list.addObject().put("token", token(random)).put("role", "clinic").put("clinicId", clinic.clinicId());
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, JSON.writeValueAsString(root));
    try {
      Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file keeps the default permissions.
    }
  }

  private static String token(SecureRandom random) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void printTokens(Path file, PrintStream out) throws IOException {
    for (var t : JSON.readTree(file.toFile()).path("tokens")) {
      String who = t.path("role").asText() + (t.hasNonNull("clinicId") ? " " + t.get("clinicId").asText() : "");
      out.printf("    %-10s %s%n", who, t.path("token").asText());
    }
  }

  private static void writeEndpoints(Path file, LocalStack stack, URI ingest, URI query, Path tokens)
      throws IOException {
    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("bootstrapServers", stack.bootstrapServers());
    endpoints.put("schemaRegistryUrl", stack.schemaRegistryUrl());
    endpoints.put("ingestUrl", ingest.toString());
    endpoints.put("queryUrl", query.toString());
    endpoints.put("dashboardUrl", query.toString());
    endpoints.put("tokensFile", tokens.toString());
    ObjectNode node = JSON.valueToTree(endpoints);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, JSON.writeValueAsString(node));
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static String since(long t0) {
    return String.format("%.1f s", (System.nanoTime() - t0) / 1e9);
  }

}
