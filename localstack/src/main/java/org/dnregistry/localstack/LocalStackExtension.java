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
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalStackExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(Shared.class, k -> Shared.start(), Shared.class).stack();
  }

  /**
   * The shared stack, or why it could not start: remembered so that the other test classes fail at once with the
   * same message instead of each waiting for another failed start. Closed by JUnit with the root store (JUnit
   * 5.13 closes AutoCloseable values).
   */
  private static final class Shared implements AutoCloseable {
    private final Path dir;
    private final LocalStack stack;
    private final RuntimeException failure;

    private Shared(Path dir, LocalStack stack, RuntimeException failure) {
      this.dir = dir;
      this.stack = stack;
      this.failure = failure;
    }

    static Shared start() {
      Path dir;
      try {
        dir = Files.createTempDirectory("dnregistry-localstack-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a temporary folder for the local stack", e);
      }
      LocalStack stack = null;
      try {
        stack = LocalStack.start(dir);
        TopicSetup.createTopics(stack.bootstrapServers(), PARTITIONS, (short) 1);
        return new Shared(dir, stack, null);
      } catch (RuntimeException e) {
        if (stack != null) {
          stack.close();
        }
        return new Shared(dir, null, e);
      }
    }

    LocalStack stack() {
      if (failure != null) {
        throw new LocalStackException("the shared local stack did not start: " + failure.getMessage(), failure);
      }
      return stack;
    }

    @Override
    public void close() throws IOException {
      try {
        if (stack != null) {
          stack.close();
        }
      } finally {
        ApicurioDistribution.deleteRecursively(dir);
      }
    }
  }
}
