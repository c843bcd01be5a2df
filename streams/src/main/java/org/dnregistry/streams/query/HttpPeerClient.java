package org.dnregistry.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.dnregistry.streams.quality.DataQualityCounts;
import org.dnregistry.streams.http.InternalToken;

/**
 * The internal API of the other instances over HTTP (java.net.http), with the deployment's internal secret. An
 * instance that does not answer within the timeout, cannot be reached or answers 503 is moving or restoring its
 * partitions (a dead instance leaves the group and its partitions move): the caller gets
 * {@code InvalidStateStoreException} and its client a 503. A refused secret is a configuration error, not a
 * transient state, so it fails loudly.
 */
public final class HttpPeerClient implements PeerClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final InternalToken token;
  private final Duration timeout;

  public HttpPeerClient(InternalToken token, Duration timeout) {
    this.token = token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  @Override
  public List<BucketReader.DayBucket> buckets(HostInfo host, String series, LocalDate fromInclusive,
      LocalDate toInclusive) {
    String query = "series=" + encode(series) + (fromInclusive == null ? "" : "&from=" + fromInclusive)
        + "&to=" + toInclusive;
    return decode(host, "/internal/v1/buckets", query, json -> BucketJson.buckets(json, series));
  }

  @Override
  public Optional<LocalDate> latestSessionDay(HostInfo host, String series) {
    return decode(host, "/internal/v1/latest-session-day", "series=" + encode(series),
        json -> BucketJson.day(json, series));
  }

  @Override
  public List<String> clinicsWithFigures(HostInfo host, List<Integer> partitions) {
    return decode(host, "/internal/v1/clinics", "partitions=" + list(partitions), BucketJson::clinics);
  }

  @Override
  public List<String> referenceClinics(HostInfo host, List<Integer> partitions) {
    return decode(host, "/internal/v1/reference-clinics", "partitions=" + list(partitions), BucketJson::clinics);
  }

  @Override
  public DataQualityCounts quality(HostInfo host, String scope) {
    return decode(host, "/internal/v1/quality", "scope=" + encode(scope), BucketJson::quality);
  }

  @Override
  public DataQualityCounts qualityOfClinics(HostInfo host, List<Integer> partitions) {
    return decode(host, "/internal/v1/quality-of-clinics", "partitions=" + list(partitions), BucketJson::quality);
  }

  private static String list(List<Integer> partitions) {
    return String.join(",", partitions.stream().map(String::valueOf).toList());
  }

  private interface Decoder<T> {
    T decode(JsonNode json);
  }

  private <T> T decode(HostInfo host, String path, String query, Decoder<T> decoder) {
    URI uri = URI.create("http://" + authority(host) + path + "?" + query);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
        .header(InternalToken.HEADER, token.secret())
        .header("Accept", "application/json")
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new InvalidStateStoreException("instance " + host + " did not answer " + path + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidStateStoreException("interrupted while asking instance " + host + " for " + path);
    }
    int status = response.statusCode();
    if (status == 503) {
      throw new InvalidStateStoreException("instance " + host + " is restoring or rebalancing (" + path + ")");
    }
    if (status == 401 || status == 403) {
      throw new IllegalStateException("instance " + host + " refused this instance's internal token (" + status
          + "): every instance of the application needs the same query.internal.token");
    }
    if (status != 200) {
      throw new IllegalStateException("instance " + host + " answered " + status + " to " + path + ": "
          + abbreviate(response.body()));
    }
    try {
      return decoder.decode(JSON.readTree(response.body()));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("instance " + host + " answered " + path + " with what cannot be read: "
          + e.getMessage(), e);
    }
  }

  private static String authority(HostInfo host) {
    // An IPv6 literal needs brackets in a URI.
    return (host.host().indexOf(':') >= 0 ? "[" + host.host() + "]" : host.host()) + ":" + host.port();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String body) {
    return body == null || body.length() <= 200 ? body : body.substring(0, 200) + "...";
  }
}
