package org.dnregistry.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.dnregistry.simulate.SimulateCommand;
import org.slf4j.LoggerFactory;

/**
 * {@code local [--data-dir DIR] [--tokens FILE] [--port N] [--simulate]}: {@link LocalDeployment} until Ctrl-C.
 */
final class LocalCommand {
  private LocalCommand() {}

  static int run(String[] argv, PrintStream out) throws Exception {
    Args args = Args.parse(argv, Set.of("data-dir", "tokens", "port"), Set.of("simulate"));
    quietConsole();
    var options = new LocalDeployment.Options(Path.of(args.get("data-dir").orElse(".local-data")),
        args.get("tokens").map(Path::of), args.getInt("port", 8080), args.flag("simulate"),
        new SimulateCommand.Options(42, 2, 120, Duration.ZERO));
    try (var local = LocalDeployment.start(options, out, Shutdown::requested)) {
      var e = local.endpoints();
      out.println();
      out.println("  Dashboard:  " + e.queryUrl() + "   (paste a token from below)");
      out.println("  Ingest:     " + e.ingestUrl().resolve("/v1/events"));
      out.println("  Tokens:     " + e.tokensFile() + (e.madeTokens() ? " (demo tokens, made now)" : ""));
      printTokens(e.tokensFile(), out);
      out.println("\nCtrl-C stops everything cleanly; data stays in " + options.dataDir().toAbsolutePath() + ".");
      RoleCommands.awaitShutdown();
      out.println("stopping (stop signal received) ...");
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

  private static void printTokens(Path file, PrintStream out) throws IOException {
    for (var t : new ObjectMapper().readTree(file.toFile()).path("tokens")) {
      String who = t.path("role").asText() + (t.hasNonNull("clinicId") ? " " + t.get("clinicId").asText() : "");
      out.printf("    %-10s %s%n", who, t.path("token").asText());
    }
  }
}
