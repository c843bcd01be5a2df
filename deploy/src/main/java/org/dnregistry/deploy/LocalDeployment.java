package org.dnregistry.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.dnregistry.access.Tokens;
import org.dnregistry.config.SecretFiles;
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

/**
 * The whole registry on this machine, started in the order each part needs the one before: broker and registry,
 * topics and baselines, ingest, streams with the query API and dashboard, then (optionally) the simulated clinic
 * network. Data in the data dir survives a restart. {@link #close()} stops it all, the broker last.
 */
public final class LocalDeployment implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int PARTITIONS = 3;

  /** What to start: {@code tokens} empty makes (or reuses) demo tokens in the data dir. */
  public record Options(Path dataDir, Optional<Path> tokens, int port, boolean simulate,
      SimulateCommand.Options simulation) {}

  private final Parts parts;
  private final Thread simulation;
  private final Endpoints endpoints;

  /** Where everything listens; also written to {@code endpoints.json} in the data dir. */
  public record Endpoints(String bootstrapServers, String schemaRegistryUrl, URI ingestUrl, URI queryUrl,
      Path tokensFile, boolean madeTokens) {}

  private LocalDeployment(Parts parts, Thread simulation, Endpoints endpoints) {
    this.parts = parts;
    this.simulation = simulation;
    this.endpoints = endpoints;
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  public static LocalDeployment start(Options options, PrintStream out) throws IOException, InterruptedException {
    return start(options, out, () -> false);
  }

  /**
   * Starts the stack; {@code stopRequested} is asked between the steps and while waiting for streams, so a SIGTERM
   * during start-up closes what was started so far and ends with an {@link InterruptedException}.
   */
  public static LocalDeployment start(Options options, PrintStream out, BooleanSupplier stopRequested)
      throws IOException, InterruptedException {
    Path dataDir = options.dataDir().toAbsolutePath().normalize();
    Files.createDirectories(dataDir);
    long t0 = System.nanoTime();
    var parts = new Parts();
    try {
      out.println("[1/5] starting a Kafka broker and the schema registry (Apicurio) in " + dataDir + " ...");
      LocalStack stack = LocalStack.start(dataDir);
      parts.stack = stack;
      // At Ctrl-C the broker must outlive ingest and streams, which commit their last transactions on close.
      parts.stackUsers = StackUsers.register();
      out.printf("      broker %s, registry %s (%s)%n", stack.bootstrapServers(), stack.schemaRegistryUrl(), since(t0));
      checkNotStopped(stopRequested);

      out.println("[2/5] creating topics and seeding the published baselines ...");
      var topics = TopicSetup.createTopics(stack.bootstrapServers(), PARTITIONS, (short) 1);
      int seeded = TopicSetup.seedBaselines(stack.bootstrapServers(), stack.schemaRegistryUrl());
      out.printf("      %d topics created, %d already there; %s (%s)%n", topics.created().size(),
          topics.existing().size(), seeded > 0 ? seeded + " baselines seeded" : "baselines kept", since(t0));
      checkNotStopped(stopRequested);

      Path tokensFile = options.tokens().orElseGet(() -> dataDir.resolve("tokens.json"));
      boolean madeTokens = !Files.exists(tokensFile);
      if (madeTokens) {
        writeDemoTokens(tokensFile);
      }
      Tokens tokens = Tokens.load(tokensFile);

      Settings settings = Settings.load(Optional.empty(), System.getenv())
          .with("kafka.bootstrap.servers", stack.bootstrapServers())
          .with("schema.registry.url", stack.schemaRegistryUrl());

      out.println("[3/5] starting ingest ...");
      IngestApplication ingest = IngestApplication.start(settings
          .with("ingest.port", Integer.toString(options.port() == 0 ? 0 : options.port() + 1))
          .with("ingest.host", "127.0.0.1")
          .with("ingest.mode", "local")
          .with("ingest.data.dir", dataDir.resolve("ingest").toString())
          .with("ingest.tokens.file", tokensFile.toString()));
      parts.ingest = ingest;
      out.printf("      ingest on %s (%s)%n", ingest.url(), since(t0));
      checkNotStopped(stopRequested);

      out.println("[4/5] starting streams, the query API and the dashboard ...");
      StreamsNode node = StreamsNode.start(settings
          .with("streams.state.dir", dataDir.resolve("streams").toString())
          // Local demo: evaluate surveillance and research months often so a newcomer sees them move.
          .with("streams.evaluation.interval.ms", settings.get("streams.evaluation.interval.ms", "2000"))
          .with("streams.research.interval.ms", settings.get("streams.research.interval.ms", "10000"))
          .with("streams.commit.interval.ms", settings.get("streams.commit.interval.ms", "1000"))
          // Loopback only: the dashboard's /metrics stays open, as ingest's does in local mode.
          .with("query.metrics.open", settings.get("query.metrics.open", "true"))
          // One instance here: a fresh secret for the internal API each run (several instances share a configured one).
          .with(StreamsApplication.INTERNAL_TOKEN, settings.get(StreamsApplication.INTERNAL_TOKEN,
              InternalToken.generate())), tokens, options.port());
      parts.node = node;
      awaitReady(node, stopRequested);
      out.printf("      streams ready (%s)%n", since(t0));

      var endpoints = new Endpoints(stack.bootstrapServers(), stack.schemaRegistryUrl(), ingest.url(), node.url(),
          tokensFile, madeTokens);
      Path endpointsFile = dataDir.resolve("endpoints.json");
      writeEndpoints(endpointsFile, endpoints);
      out.printf("[5/5] ready in %s. Endpoints in %s%n", since(t0), endpointsFile);

      Thread simulation = null;
      if (options.simulate()) {
        IngestClient client = IngestClient.fromTokensFile(ingest.url(), tokensFile);
        simulation = new Thread(() -> simulate(client, options.simulation(), out), "simulator");
        simulation.setDaemon(true);
        simulation.start();
      }
      return new LocalDeployment(parts, simulation, endpoints);
    } catch (IOException | InterruptedException | RuntimeException e) {
      parts.close(out);
      throw e;
    }
  }

  @Override
  public void close() {
    if (simulation != null) {
      simulation.interrupt();
    }
    parts.close(System.out);
  }

  /**
   * What has been started, closed in the order each needs: streams and ingest together (each commits what it
   * acknowledged; neither needs the other), then the broker and registry. Parallel because the whole stop must fit
   * in the 30 s a container platform waits after SIGTERM.
   */
  private static final class Parts {
    private LocalStack stack;
    private AutoCloseable stackUsers;
    private IngestApplication ingest;
    private StreamsNode node;

    void close(PrintStream out) {
      long t0 = System.nanoTime();
      var closers = new ArrayList<Thread>();
      for (AutoCloseable c : new AutoCloseable[] {node, ingest}) {
        if (c != null) {
          var closer = new Thread(() -> quietly(c, out), "stop-" + c.getClass().getSimpleName());
          closer.start();
          closers.add(closer);
        }
      }
      for (Thread t : closers) {
        joinUninterruptibly(t);
      }
      String apps = since(t0);
      quietly(stackUsers, out);
      quietly(stack, out);
      if (stack != null) {
        out.printf("stopped: streams and ingest in %s, all in %s%n", apps, since(t0));
      }
    }

    private static void quietly(AutoCloseable c, PrintStream out) {
      if (c == null) {
        return;
      }
      try {
        c.close();
      } catch (Exception e) {
        out.println("while stopping: " + e.getMessage());
      }
    }

    private static void joinUninterruptibly(Thread t) {
      boolean interrupted = false;
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void simulate(IngestClient client, SimulateCommand.Options options, PrintStream out) {
    try {
      SimulateCommand.run(client, options, out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      out.println("simulate stopped: " + e.getMessage());
    }
  }

  private static void awaitReady(StreamsNode node, BooleanSupplier stopRequested) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (!node.ready()) {
      checkNotStopped(stopRequested);
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("streams did not become ready within 5 minutes");
      }
      Thread.sleep(200);
    }
  }

  private static void checkNotStopped(BooleanSupplier stopRequested) throws InterruptedException {
    if (stopRequested.getAsBoolean()) {
      throw new InterruptedException("stopped during start-up");
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
    // Owner-only from creation on: the tokens are the registry's passwords.
    SecretFiles.createNew(file, JSON.writeValueAsString(root));
  }

  private static String token(SecureRandom random) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void writeEndpoints(Path file, Endpoints e) throws IOException {
    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("bootstrapServers", e.bootstrapServers());
    endpoints.put("schemaRegistryUrl", e.schemaRegistryUrl());
    endpoints.put("ingestUrl", e.ingestUrl().toString());
    endpoints.put("queryUrl", e.queryUrl().toString());
    endpoints.put("dashboardUrl", e.queryUrl().toString());
    endpoints.put("tokensFile", e.tokensFile().toString());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, JSON.writeValueAsString(endpoints));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String since(long t0) {
    return String.format("%.1f s", (System.nanoTime() - t0) / 1e9);
  }
}
