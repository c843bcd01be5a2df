package org.dnregistry.containers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Waits for a container to be ready (an HTTP endpoint answering 200, or a line in its log), and fails at once,
 * with the end of its log, when the container exits: Testcontainers' own strategies wait out their timeout.
 */
final class UntilReady extends AbstractWaitStrategy {
  private final String path;
  private final int port;
  private final String logLine;

  private UntilReady(String path, int port, String logLine, Duration timeout) {
    this.path = path;
    this.port = port;
    this.logLine = logLine;
    withStartupTimeout(timeout);
  }

  static UntilReady http(String path, int port, Duration timeout) {
    return new UntilReady(path, port, null, timeout);
  }

  static UntilReady logLine(String text, Duration timeout) {
    return new UntilReady(null, 0, text, timeout);
  }

  @Override
  protected void waitUntilReady() {
    Instant deadline = Instant.now().plus(startupTimeout);
    var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    while (Instant.now().isBefore(deadline)) {
      if (!waitStrategyTarget.isRunning()) {
        throw new ContainerLaunchException("the container exited before it was ready; its log ends with:\n"
            + tail(waitStrategyTarget.getLogs(), 40));
      }
      if (ready(http)) {
        return;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ContainerLaunchException("interrupted while waiting for the container");
      }
    }
    throw new ContainerLaunchException("not ready within " + startupTimeout + " (" + (path != null ? "GET " + path
        : "log line '" + logLine + "'") + "); its log ends with:\n" + tail(waitStrategyTarget.getLogs(), 40));
  }

  private boolean ready(HttpClient http) {
    if (logLine != null) {
      return waitStrategyTarget.getLogs().contains(logLine);
    }
    var uri = URI.create("http://" + waitStrategyTarget.getHost() + ":" + waitStrategyTarget.getMappedPort(port) + path);
    try {
      return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String tail(String log, int lines) {
    var all = log.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
