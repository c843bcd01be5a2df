package org.dnregistry.localstack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JVM that starts a stack (or only a broker, with the argument {@code kafka}), writes its children's pids and
 * waits to be killed (for {@code OrphanIT}).
 */
public final class StackHolder {
  private StackHolder() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String pids;
    if (args.length > 1 && args[1].equals("kafka")) {
      pids = Long.toString(LocalKafka.start(dir.resolve("kafka")).pid());
    } else {
      var stack = LocalStack.start(dir);
      pids = stack.kafka().pid() + " " + stack.registry().pid();
    }
    Files.writeString(dir.resolve("pids.tmp"), pids);
    Files.move(dir.resolve("pids.tmp"), dir.resolve("pids"));
    Thread.sleep(Long.MAX_VALUE);
  }
}
