package org.dnregistry.ingest.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * {@code import --url URL --token TOKEN [--batch 1000] [--errors FILE] FILE...}: bulk-loads NDJSON and CSV files
 * through an ingest gateway (REFERENCE section 7). Files are streamed, never loaded whole; events go in NDJSON
 * batches; a progress bar on stderr shows share done, events per second and time left; every rejected line is
 * written to the error report with its file, line, field and message. Safe to re-run: events are upserts.
 *
 * <p>Exit codes: 0 every line imported, 1 some lines rejected (see the report), 2 wrong arguments or unreadable
 * files, 3 the import stopped (refused token, unreachable gateway).
 */
public final class ImportCommand {
  public static final int OK = 0;
  public static final int LINES_REJECTED = 1;
  public static final int USAGE = 2;
  public static final int STOPPED = 3;

  static final String TOKEN_ENV = "DNREGISTRY_INGEST_TOKEN";
  /** Longest event line or CSV record; the gateway takes 16 MiB per request by default. */
  static final int MAX_EVENT_CHARS = 1024 * 1024;
  /** Batches stay well below the gateway's default body limit even with long events. */
  static final long MAX_BATCH_BYTES = 8L * 1024 * 1024;

  static final String USAGE_TEXT = String.join("\n",
      "usage: import --url URL (--token TOKEN | --token-file FILE) [--batch N] [--errors FILE] [--quiet] FILE...",
      "  Loads NDJSON (.ndjson, .jsonl, .json: one event per line) and CSV (.csv: header row, a 'type' column or",
      "  the type in the file name, e.g. sessions.csv; list fields separated by ';'; empty cell = absent) files,",
      "  optionally gzipped (.gz), through the ingest gateway at URL. The token may also come from "
          + TOKEN_ENV + ".",
      "  --batch N      events per request (default 1000)",
      "  --errors FILE  write every rejected line as CSV: file,line,field,message",
      "  --quiet        no progress bar",
      "  Exit code: 0 all imported, 1 some lines rejected, 2 bad arguments, 3 stopped.");

  record Options(URI endpoint, String token, int batch, Path errors, boolean quiet, List<Path> files,
                 Duration maxWait) {}

  private ImportCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, System.getenv(TOKEN_ENV), HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10)).build(), d -> Thread.sleep(d.toMillis()));
  }

  static int run(String[] args, PrintStream out, PrintStream err, String envToken, HttpClient client,
                 BatchSender.Sleeper sleeper) {
    Options options;
    try {
      options = parse(args, envToken);
    } catch (IllegalArgumentException e) {
      err.println("import: " + e.getMessage());
      err.println(USAGE_TEXT);
      return USAGE;
    }
    long totalBytes = 0;
    for (Path f : options.files()) {
      if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
        err.println("import: cannot read " + f);
        return USAGE;
      }
      if (format(f) == null) {
        err.println("import: " + f + ": unknown file type; expected .ndjson, .jsonl, .json or .csv (optionally .gz)");
        return USAGE;
      }
      try {
        totalBytes += Files.size(f);
      } catch (IOException e) {
        err.println("import: cannot read " + f + ": " + e.getMessage());
        return USAGE;
      }
    }
    try (var report = new ErrorReport(options.errors())) {
      return importAll(options, out, err, client, sleeper, report, totalBytes);
    } catch (IOException | UncheckedIOException e) {
      err.println("import: " + e.getMessage());
      return STOPPED;
    }
  }

  private static int importAll(Options options, PrintStream out, PrintStream err, HttpClient client,
                               BatchSender.Sleeper sleeper, ErrorReport report, long totalBytes) throws IOException {
    var sender = new BatchSender(client, options.endpoint(), options.token(), report, sleeper, options.maxWait());
    var bytesRead = new AtomicLong();
    var progress = new ProgressBar(err, totalBytes, !options.quiet());
    long started = System.nanoTime();
    long unreadable = 0;
    var batch = new ArrayList<SourceLine>(options.batch());
    long batchBytes = 0;
    try {
      for (Path file : options.files()) {
        try (EventSource source = open(file, bytesRead)) {
          SourceLine line;
          while ((line = source.next()) != null) {
            if (!line.ok()) {
              unreadable++;
              report.add(line.file(), line.line(), null, line.error());
              continue;
            }
            batch.add(line);
            batchBytes += line.json().length() + 1;
            if (batch.size() >= options.batch() || batchBytes >= MAX_BATCH_BYTES) {
              sender.send(batch);
              batch.clear();
              batchBytes = 0;
            }
            progress.update(bytesRead.get(), sender.accepted());
          }
        }
      }
      sender.send(batch);
      progress.finish(bytesRead.get(), sender.accepted());
    } catch (ImportStopped e) {
      progress.finish(bytesRead.get(), sender.accepted());
      err.println("import stopped: " + e.getMessage());
      out.println(summary(sender.accepted(), sender.rejected() + unreadable, options, started));
      return STOPPED;
    }
    long rejectedLines = sender.rejected() + unreadable;
    out.println(summary(sender.accepted(), rejectedLines, options, started));
    if (rejectedLines > 0) {
      if (options.errors() == null) {
        err.println("rejected lines:");
        report.printSummary(err);
      } else {
        err.println("rejected lines are listed in " + options.errors());
      }
      return LINES_REJECTED;
    }
    return OK;
  }

  private static String summary(long accepted, long rejected, Options options, long started) {
    double seconds = (System.nanoTime() - started) / 1e9;
    return String.format(Locale.ROOT, "imported %,d events from %d file(s) in %.1f s (%,.0f events/s); %,d line(s) "
        + "rejected", accepted, options.files().size(), seconds, seconds > 0 ? accepted / seconds : 0.0, rejected);
  }

  enum Format { NDJSON, CSV }

  static Format format(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    if (name.endsWith(".csv")) {
      return Format.CSV;
    }
    if (name.endsWith(".ndjson") || name.endsWith(".jsonl") || name.endsWith(".json")) {
      return Format.NDJSON;
    }
    return null;
  }

  static EventSource open(Path file, AtomicLong bytesRead) throws IOException {
    InputStream in = new CountingInputStream(Files.newInputStream(file), bytesRead);
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
      in = new GZIPInputStream(in, 65536);
    }
    // Malformed UTF-8 becomes U+FFFD and reaches the gateway as such rather than stopping the whole import.
    Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
    String name = file.toString();
    return format(file) == Format.CSV ? new CsvSource(name, file, reader, MAX_EVENT_CHARS)
        : new NdjsonSource(name, reader, MAX_EVENT_CHARS);
  }

  static Options parse(String[] args, String envToken) {
    String url = null;
    String token = null;
    Path tokenFile = null;
    int batch = 1000;
    Path errors = null;
    boolean quiet = false;
    long maxWaitSeconds = 600;
    var files = new ArrayList<Path>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--url" -> url = value(args, ++i, a);
        case "--token" -> token = value(args, ++i, a);
        case "--token-file" -> tokenFile = Path.of(value(args, ++i, a));
        case "--batch" -> batch = positive(value(args, ++i, a), a);
        case "--errors" -> errors = Path.of(value(args, ++i, a));
        case "--max-wait-seconds" -> maxWaitSeconds = positive(value(args, ++i, a), a);
        case "--quiet" -> quiet = true;
        default -> {
          if (a.startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + a);
          }
          files.add(Path.of(a));
        }
      }
    }
    if (url == null) {
      throw new IllegalArgumentException("--url is required");
    }
    if (token == null && tokenFile != null) {
      try {
        token = Files.readString(tokenFile).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read --token-file " + tokenFile + ": " + e.getMessage());
      }
    }
    if (token == null) {
      token = envToken;
    }
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("a token is required: --token, --token-file or " + TOKEN_ENV);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no files to import");
    }
    return new Options(endpoint(url), token, batch, errors, quiet, List.copyOf(files),
        Duration.ofSeconds(maxWaitSeconds));
  }

  /** The events endpoint of a gateway URL; a URL that already ends in /v1/events is taken as it is. */
  static URI endpoint(String url) {
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--url is not a URL: " + url);
    }
    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException("--url must be an http(s) URL such as http://localhost:8080, got " + url);
    }
    String s = uri.toString();
    if (s.endsWith("/v1/events")) {
      return uri;
    }
    return URI.create(s.replaceAll("/+$", "") + "/v1/events");
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int positive(String v, String option) {
    try {
      int n = Integer.parseInt(v);
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a positive whole number, got " + v);
    }
  }
}
