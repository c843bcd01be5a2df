package org.dnregistry.deploy;

import java.io.PrintStream;
import java.util.Arrays;
import org.dnregistry.ingest.bulk.ImportCommand;
import org.dnregistry.simulate.SimulateCommand;

/** {@code java -jar outcomes-registry.jar <command>}: one jar runs every role (REFERENCE section 7). */
public final class Main {
  private static final String USAGE = """
      usage: java -jar outcomes-registry.jar <command> [options]

        local [--data-dir DIR] [--tokens FILE] [--port N] [--simulate]
            the whole stack on this machine: Kafka broker, schema registry, ingest, streams, dashboard
        ingest [--config FILE]      the HTTP ingest gateway against any Kafka and registry
        streams [--config FILE]     the Kafka Streams analytics, query API and dashboard
        topics [--config FILE] [--partitions N] [--replication-factor N]
            create every topic and seed the published baselines (idempotent)
        import --url URL --token TOKEN [--batch N] [--errors FILE] FILE...
            bulk-load CSV or NDJSON files through an ingest gateway (safe to re-run)
        %s
            the synthetic clinic network against an ingest gateway

      Settings come from --config (a properties file) overlaid by DNREGISTRY_* environment variables,
      e.g. DNREGISTRY_KAFKA_BOOTSTRAP_SERVERS=broker:9092 sets kafka.bootstrap.servers.
      """.formatted(SimulateCommand.USAGE);

  /** The commands that hold acknowledged work or a started stack, and must close it on SIGTERM. */
  private static final java.util.Set<String> SERVING_ROLES = java.util.Set.of("local", "ingest", "streams", "topics");

  private Main() {}

  public static void main(String[] args) {
    // Before anything starts: a SIGTERM during start-up must stop the start-up too. The clients (import, simulate)
    // hold nothing the gateway has not acknowledged, so the JVM's default (exit at once) is right for them.
    if (args.length > 0 && SERVING_ROLES.contains(args[0])) {
      Shutdown.install();
    }
    int code = run(args, System.out, System.err);
    // After SIGTERM the shutdown hook waits for this thread to end; System.exit here would block on the shutdown
    // already in progress until the hook gave up.
    if (Shutdown.beginExit()) {
      System.exit(code);
    }
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      out.print(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      return switch (args[0]) {
        case "local" -> LocalCommand.run(rest, out);
        case "ingest" -> RoleCommands.ingest(rest, out);
        case "streams" -> RoleCommands.streams(rest, out);
        case "topics" -> RoleCommands.topics(rest, out);
        case "import" -> ImportCommand.run(rest, out, err);
        case "simulate" -> SimulateCommand.run(rest, out);
        default -> {
          err.println("unknown command '" + args[0] + "'");
          err.print(USAGE);
          yield 2;
        }
      };
    } catch (IllegalArgumentException e) {
      err.println(args[0] + ": " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.printf("%s stopped during start-up (stop signal)%n", args[0]);
      return 130;
    } catch (Exception e) {
      if (Shutdown.requested()) {
        // The stop signal ended the children a start-up step waited for: that is the stop, not a failure.
        err.printf("%s stopped during start-up (stop signal): %s%n", args[0], e.getMessage());
        return 130;
      }
      err.println(args[0] + " failed: " + e.getMessage());
      return 1;
    }
  }
}
