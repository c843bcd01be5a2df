package org.dnregistry.streams.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A java.net.http client for the query API in tests. */
final class ApiClient {
  record Reply(int status, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return new ObjectMapper().readTree(raw.body());
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + raw.body(), e);
      }
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    String body() {
      return raw.body();
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  ApiClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  Reply get(String pathAndQuery, String token) {
    var request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(20)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  Reply getWithAuthorization(String pathAndQuery, String authorization) {
    return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(20))
        .header("Authorization", authorization).GET().build());
  }

  Reply getWithHeader(String pathAndQuery, String header, String value) {
    return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(20))
        .header(header, value).GET().build());
  }

  private Reply send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
