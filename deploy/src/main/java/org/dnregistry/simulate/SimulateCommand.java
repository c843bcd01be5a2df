package org.dnregistry.simulate;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.dnregistry.deploy.Args;

/**
 * {@code simulate --url URL --tokens FILE [--seed N] [--rate SESSIONS_PER_S] [--backfill-days N] [--duration S]}:
 * the synthetic clinic network against any ingest gateway.
 */
public final class SimulateCommand {
  public static final String USAGE = "simulate --url INGEST_URL --tokens FILE [--seed N] [--rate SESSIONS_PER_SECOND]"
      + " [--backfill-days N] [--duration SECONDS]";

  private SimulateCommand() {}

  public static int run(String[] argv, PrintStream out) throws Exception {
    Args args = Args.parse(argv, Set.of("url", "tokens", "seed", "rate", "backfill-days", "duration"), Set.of());
    URI url = URI.create(args.get("url").orElseThrow(() -> new IllegalArgumentException("--url is required")));
    Path tokens = Path.of(args.get("tokens").orElseThrow(() -> new IllegalArgumentException("--tokens is required")));
    var options = new Options(args.getInt("seed", 42), args.getDouble("rate", 2),
        args.getInt("backfill-days", 120), Duration.ofSeconds(args.getInt("duration", 0)));
    run(IngestClient.fromTokensFile(url, tokens), options, out);
    return 0;
  }

  /** What a run simulates; {@code duration} zero streams until interrupted. */
  public record Options(long seed, double sessionsPerSecond, int backfillDays, Duration duration) {}

  public static void run(IngestClient client, Options options, PrintStream out) throws InterruptedException {
    var model = NetworkModel.standard();
    for (var clinic : model.clinics()) {
      if (!client.canWriteFor(clinic.clinicId())) {
        throw new IllegalArgumentException("the tokens file has no clinic token for " + clinic.clinicId()
            + "; the simulated network has clinics C1-C5");
      }
    }
    var simulator = new Simulator(model, options.seed(), client, Clock.systemUTC());
    simulator.referenceData();
    out.printf("simulate: backfilling %d days of history for %d clinics...%n", options.backfillDays(),
        model.clinics().size());
    simulator.backfill(options.backfillDays());
    out.printf("simulate: %d events sent (%d sessions); now streaming %.1f sessions/s%n",
        simulator.eventsSent(), simulator.sessionsSimulated(), options.sessionsPerSecond());
    simulator.live(options.sessionsPerSecond(), options.duration());
  }
}
