package org.dnregistry.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.dnregistry.ingest.bulk.ImportCommand;

/**
 * The importer alone in its own JVM, so its memory can be measured apart from the gateway's: runs
 * {@link ImportCommand} with the given arguments, then prints one {@code IMPORT_RESULT} line with the exit code, the
 * wall time, the peak heap used and the peak resident set size (VmHWM).
 */
public final class ImportRun {
  private ImportRun() {}

  public static void main(String[] args) throws IOException {
    long start = System.nanoTime();
    int exit = ImportCommand.run(args, System.out, System.err);
    double seconds = (System.nanoTime() - start) / 1e9;
    long heapPeak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        heapPeak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(Locale.ROOT, "IMPORT_RESULT exit=%d seconds=%.2f heapPeakMiB=%.1f rssPeakMiB=%.1f maxHeapMiB=%d%n",
        exit, seconds, heapPeak / 1048576.0, vmHwmKib() / 1024.0, Runtime.getRuntime().maxMemory() >> 20);
    System.exit(exit);
  }

  /** Peak resident set size of this process from /proc (Linux); -1 elsewhere. */
  static long vmHwmKib() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
