package org.dnregistry.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A scripted schema registry on a loopback port: records every request and answers from a script. */
final class FakeRegistry implements AutoCloseable {
  static final String VND_JSON = "application/vnd.schemaregistry.v1+json";

  record Request(String method, String rawPath, String authorization, String accept, String contentType,
      String body) {}

  record Response(int status, String contentType, String body, long delayMillis) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Queue<Response> script = new ConcurrentLinkedQueue<>();
  private volatile Function<Request, Response> otherwise =
      r -> new Response(599, "text/plain", "no scripted reply for " + r.method() + " " + r.rawPath(), 0);

  private FakeRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static FakeRegistry start() throws IOException {
    return new FakeRegistry();
  }

  /** A loopback port that nothing listens on (bound, then released). */
  static int refusedPort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static Response json(int status, String body) {
    return new Response(status, VND_JSON, body, 0);
  }

  static Response plainJson(int status, String body) {
    return new Response(status, "application/json", body, 0);
  }

  static Response error(int status, int errorCode, String message) {
    return json(status, "{\"error_code\":" + errorCode + ",\"message\":\"" + message + "\"}");
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers the next request with {@code response}; scripted answers are used in order. */
  FakeRegistry then(Response response) {
    script.add(response);
    return this;
  }

  /** Answers every request the script does not cover. */
  FakeRegistry otherwise(Function<Request, Response> answer) {
    this.otherwise = answer;
    return this;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      var headers = exchange.getRequestHeaders();
      var request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          headers.getFirst("Authorization"), headers.getFirst("Accept"), headers.getFirst("Content-Type"),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      requests.add(request);
      Response response = script.poll();
      if (response == null) {
        response = otherwise.apply(request);
      }
      if (response.delayMillis() > 0) {
        try {
          Thread.sleep(response.delayMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
      byte[] body = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
      if (response.contentType() != null) {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
      }
      exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (IOException e) {
      // The client gave up (a timeout test): nothing to answer.
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
