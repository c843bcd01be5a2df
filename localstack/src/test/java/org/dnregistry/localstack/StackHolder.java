package org.dnregistry.localstack;

import java.nio.file.Files;
import java.nio.file.Path;

/** A JVM that starts a stack, writes its children's pids and waits to be killed (for {@code OrphanIT}). */
public final class StackHolder {
  private StackHolder() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    var stack = LocalStack.start(dir);
    Path pids = dir.resolve("pids");
    Files.writeString(dir.resolve("pids.tmp"), stack.kafka().pid() + " " + stack.registry().pid());
    Files.move(dir.resolve("pids.tmp"), pids);
    Thread.sleep(Long.MAX_VALUE);
  }
}
