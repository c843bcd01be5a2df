package org.dnregistry.ingest.bulk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A tiny scripted HTTP server standing in for the gateway: answers 202 unless a scripted answer is queued. */
final class FakeGateway implements AutoCloseable {
  record Request(String authorization, String contentType, List<String> lines) {}

  record Answer(int status, String body, Map<String, String> headers) {
    static Answer of(int status, String body) {
      return new Answer(status, body, Map.of());
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Deque<Function<Request, Answer>> script = new ArrayDeque<>();
  private Function<Request, Answer> fallback = r -> Answer.of(202, "{\"accepted\":" + r.lines().size() + "}");

  FakeGateway() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized void then(Function<Request, Answer> answer) {
    script.add(answer);
  }

  synchronized void otherwise(Function<Request, Answer> answer) {
    fallback = answer;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }


  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    var request = new Request(exchange.getRequestHeaders().getFirst("Authorization"),
        exchange.getRequestHeaders().getFirst("Content-Type"),
        body.isEmpty() ? List.of() : Arrays.asList(body.split("\n")));
    Answer answer;
    synchronized (this) {
      requests.add(request);
      var next = script.poll();
      answer = (next == null ? fallback : next).apply(request);
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
