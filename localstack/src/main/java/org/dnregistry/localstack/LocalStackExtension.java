package org.dnregistry.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a running {@link LocalStack}: {@code @ExtendWith(LocalStackExtension.class)}, then a
 * {@code LocalStack} parameter in a constructor, a {@code @BeforeAll}/{@code @BeforeEach} method or a test.
 *
 * <p>One broker and one registry serve every test class of a test JVM: started on first use, kept in the root
 * store, stopped when the JVM's tests are done, their temporary data folder then deleted. Every topic of
 * {@code Topics.ALL} exists with {@link #PARTITIONS} partitions. Baselines are not seeded; a test that needs
 * them calls {@link TopicSetup#seedBaselines}.
 */
public final class LocalStackExtension implements ParameterResolver {
  public static final int PARTITIONS = 3;
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(Shared.class, k -> Shared.start(), Shared.class).stack;
  }

  /** Closed by JUnit with the root store (JUnit 5.13 closes AutoCloseable values). */
  private static final class Shared implements AutoCloseable {
    private final Path dir;
    private final LocalStack stack;

    private Shared(Path dir, LocalStack stack) {
      this.dir = dir;
      this.stack = stack;
    }

    static Shared start() {
      Path dir;
      try {
        dir = Files.createTempDirectory("dnregistry-localstack-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a temporary folder for the local stack", e);
      }
      LocalStack stack = LocalStack.start(dir);
      try {
        TopicSetup.createTopics(stack.bootstrapServers(), PARTITIONS, (short) 1);
      } catch (RuntimeException e) {
        stack.close();
        throw e;
      }
      return new Shared(dir, stack);
    }

    @Override
    public void close() throws IOException {
      try {
        stack.close();
      } finally {
        ApicurioDistribution.deleteRecursively(dir);
      }
    }
  }
}
