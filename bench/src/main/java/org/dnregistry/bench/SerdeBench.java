package org.dnregistry.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.dnregistry.avro.Cointervention;
import org.dnregistry.avro.Modality;
import org.dnregistry.avro.Session;
import org.dnregistry.registry.AvroDeserializer;
import org.dnregistry.registry.AvroSerializer;
import org.dnregistry.registry.InMemorySchemaRegistryClient;
import org.dnregistry.topics.Topics;

/**
 * Serializes and deserializes realistic sessions in the Confluent wire format and prints records/s, bytes per
 * record, bytes allocated per record and heap used. The registry is in memory so that only the serde is timed
 * (a warm serde makes no registry call anyway).
 *
 * <p>Usage: {@code SerdeBench [records, default 1000000] [rounds, default 3]}.
 */
public final class SerdeBench {
  private static final int POOL = 4096; // distinct records, cycled: generating records is not what is timed
  private static final List<String> REGIONS = List.of("upper trapezius", "levator scapulae", "infraspinatus",
      "gluteus medius", "quadratus lumborum", "lumbar multifidus", "gastrocnemius", "suboccipitals",
      "lateral epicondyle extensors", "vastus lateralis");
  private static final double[] DIAMETERS = {0.16, 0.20, 0.25, 0.30};
  private static final double[] LENGTHS = {15, 25, 30, 40, 50, 60};

  private SerdeBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    String topic = Topics.SESSIONS.name();
    var registry = new InMemorySchemaRegistryClient();
    var serializer = new AvroSerializer<Session>(registry, false, true);
    var deserializer = new AvroDeserializer<Session>(registry, Session.class);

    Session[] sessions = sessions(new SplittableRandom(42));
    byte[][] frames = new byte[POOL][];
    long poolBytes = 0;
    for (int i = 0; i < POOL; i++) {
      frames[i] = serializer.serialize(topic, sessions[i]);
      poolBytes += frames[i].length;
      if (!deserializer.deserialize(topic, frames[i]).equals(sessions[i])) {
        throw new IllegalStateException("round trip changed record " + i);
      }
    }

    System.out.printf(Locale.ROOT, "SerdeBench: %,d Session records per round, %d rounds, Java %s, %d cores,"
        + " max heap %d MiB%n", n, rounds, System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(Locale.ROOT, "frame size: %.1f bytes/record on average (5-byte header + Avro binary),"
        + " over %d distinct records%n", (double) poolBytes / POOL, POOL);

    // Warm-up: let the JIT compile both paths before anything is timed.
    long sink = 0;
    for (int i = 0; i < 300_000; i++) {
      sink += serializer.serialize(topic, sessions[i & (POOL - 1)]).length;
      sink += deserializer.deserialize(topic, frames[i & (POOL - 1)]).getRegions().size();
    }

    var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    var serializeRates = new ArrayList<Double>();
    var deserializeRates = new ArrayList<Double>();
    for (int round = 1; round <= rounds; round++) {
      long allocBefore = threads.getCurrentThreadAllocatedBytes();
      long cpuBefore = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      long bytes = 0;
      for (int i = 0; i < n; i++) {
        bytes += serializer.serialize(topic, sessions[i & (POOL - 1)]).length;
      }
      long serializeNanos = System.nanoTime() - start;
      long serializeCpu = threads.getCurrentThreadCpuTime() - cpuBefore;
      long serializeAlloc = threads.getCurrentThreadAllocatedBytes() - allocBefore;

      allocBefore = threads.getCurrentThreadAllocatedBytes();
      cpuBefore = threads.getCurrentThreadCpuTime();
      start = System.nanoTime();
      long check = 0;
      for (int i = 0; i < n; i++) {
        Session s = deserializer.deserialize(topic, frames[i & (POOL - 1)]);
        check += s.getNeedleCount() == null ? 0 : s.getNeedleCount();
      }
      long deserializeNanos = System.nanoTime() - start;
      long deserializeCpu = threads.getCurrentThreadCpuTime() - cpuBefore;
      long deserializeAlloc = threads.getCurrentThreadAllocatedBytes() - allocBefore;
      sink += bytes + check;

      double ser = n / (serializeNanos / 1e9);
      double de = n / (deserializeNanos / 1e9);
      serializeRates.add(ser);
      deserializeRates.add(de);
      // Records per CPU-second of this thread: steadier than wall time on a machine shared with other work.
      System.out.printf(Locale.ROOT, "round %d: serialize %,.0f records/s wall, %,.0f per CPU-s, %.0f bytes"
          + " allocated/record | deserialize %,.0f records/s wall, %,.0f per CPU-s, %.0f bytes allocated/record"
          + " | %.1f bytes/record%n",
          round, ser, n / (serializeCpu / 1e9), serializeAlloc / (double) n,
          de, n / (deserializeCpu / 1e9), deserializeAlloc / (double) n, bytes / (double) n);
    }

    System.gc();
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    System.out.printf(Locale.ROOT, "best: serialize %,.0f records/s, deserialize %,.0f records/s%n",
        serializeRates.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
        deserializeRates.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    System.out.printf(Locale.ROOT, "heap used after GC: %.1f MiB (committed %.1f MiB)%n",
        heap.getUsed() / 1048576.0, heap.getCommitted() / 1048576.0);
    System.out.println("(checksum " + sink + ")");
  }

  private static Session[] sessions(SplittableRandom random) {
    Instant from = Instant.parse("2024-01-01T00:00:00Z");
    long span = Duration.ofDays(730).toMillis();
    var sessions = new Session[POOL];
    for (int i = 0; i < POOL; i++) {
      int clinic = random.nextInt(40);
      var regions = new ArrayList<String>();
      for (int r = 1 + random.nextInt(3); r > 0; r--) {
        regions.add(REGIONS.get(random.nextInt(REGIONS.size())));
      }
      var cointerventions = new ArrayList<Cointervention>();
      for (Cointervention c : Cointervention.values()) {
        if (random.nextInt(4) == 0) {
          cointerventions.add(c);
        }
      }
      sessions[i] = Session.newBuilder()
          .setSessionId(String.format(Locale.ROOT, "s-%08d", random.nextInt(100_000_000)))
          .setEpisodeId(String.format(Locale.ROOT, "ep-%07d", random.nextInt(10_000_000)))
          .setClinicId(String.format(Locale.ROOT, "clinic-%03d", clinic))
          .setPractitionerId(String.format(Locale.ROOT, "pr-%03d-%02d", clinic, random.nextInt(12)))
          .setOccurredAt(from.plusMillis(random.nextLong(span)))
          .setModality(random.nextInt(10) < 9 ? Modality.DRY_NEEDLING : Modality.MANUAL_THERAPY)
          .setNeedleCount(random.nextInt(10) == 0 ? null : 1 + random.nextInt(12))
          .setNeedleDiameterMm(DIAMETERS[random.nextInt(DIAMETERS.length)])
          .setNeedleLengthMm(LENGTHS[random.nextInt(LENGTHS.length)])
          .setDurationMinutes(10 + random.nextInt(36))
          .setUltrasoundGuided(random.nextInt(10) == 0)
          .setTwitchResponse(random.nextInt(5) == 0 ? null : random.nextBoolean())
          .setRegions(regions)
          .setCointerventions(cointerventions)
          .build();
    }
    return sessions;
  }
}
