package org.dnregistry.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * A client for the Confluent Schema Registry REST API, as served by Confluent, Karapace, Redpanda and Apicurio
 * ({@code /apis/ccompat/v7}). Schemas are always sent as Avro's compact {@link Schema#toString()}, because
 * Apicurio does not canonicalise: the same schema in another layout would become another version.
 *
 * <p>Ids are immutable in a registry, so ids by (subject, schema) and schemas by id are cached forever: a warm
 * serializer or deserializer makes no request. Answers that can change ({@link #latest}, {@link #isCompatible})
 * are never cached. 5xx, 429, timeouts and failed connections are retried with bounded exponential backoff,
 * moving on to the next URL of the list, and end in a {@link SchemaRegistryUnavailableException} when every try
 * failed; other answers are final and map to typed exceptions.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {
  static final String REQUEST_CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/json";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Subject, version and schema not found: what a lookup or compatibility check may meet on a new subject. */
  private static final Set<Integer> NOT_FOUND_CODES = Set.of(40401, 40402, 40403);

  private final List<URI> baseUrls;
  private final RegistryCredentials credentials;
  private final RetryPolicy retry;
  private final HttpClient http;
  private final AtomicInteger activeUrl = new AtomicInteger();
  private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

  private record SubjectSchema(String subject, String schema) {}

  private record Reply(String method, URI uri, int status, String contentType, String body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    boolean retriable() {
      return status >= 500 || status == 429 || status == 408;
    }

    String where() {
      return method + " " + uri;
    }
  }

  /** What the registry said in its {@code {"error_code", "message"}} body. */
  private record RegistryError(int code, String message) {}

  /**
   * @param baseUrls registry roots in failover order, without user info (pass credentials instead); a root may
   *     carry a path, e.g. {@code http://host:8080/apis/ccompat/v7}
   */
  public HttpSchemaRegistryClient(List<URI> baseUrls, RegistryCredentials credentials, RetryPolicy retry) {
    if (baseUrls.isEmpty()) {
      throw new IllegalArgumentException("at least one registry URL is needed");
    }
    var roots = new ArrayList<URI>();
    for (URI url : baseUrls) {
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (url.getUserInfo() != null) {
        throw new IllegalArgumentException("registry URL carries user info; pass RegistryCredentials instead");
      }
      if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) registry URL: " + url);
      }
      if (url.getRawQuery() != null || url.getRawFragment() != null) {
        throw new IllegalArgumentException("registry URL must not have a query or fragment: " + url);
      }
      String s = url.toString();
      while (s.endsWith("/")) {
        s = s.substring(0, s.length() - 1);
      }
      roots.add(URI.create(s));
    }
    this.baseUrls = List.copyOf(roots);
    this.credentials = credentials;
    this.retry = retry;
    // HTTP/1.1: an h2c upgrade attempt on plain http confuses some proxies and registries for no gain here.
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(retry.requestTimeout())
        .build();
  }

  /** A client from serde configs ({@code schema.registry.url} and the auth and retry settings). */
  public static HttpSchemaRegistryClient fromConfig(Map<String, ?> configs) {
    var config = new AvroSerdeConfig(configs);
    var urls = new ArrayList<URI>();
    Optional<String> urlUserInfo = Optional.empty();
    for (String s : config.registryUrls()) {
      URI uri;
      try {
        uri = new URI(s);
      } catch (URISyntaxException e) {
        // Not echoed: a URL may carry user:password.
        throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL + " holds a malformed URL");
      }
      Optional<String> info = RegistryCredentials.userInfoOf(uri);
      if (info.isPresent()) {
        urlUserInfo = urlUserInfo.or(() -> info);
        uri = withoutUserInfo(uri);
      }
      urls.add(uri);
    }
    try {
      return new HttpSchemaRegistryClient(urls, RegistryCredentials.fromConfig(config, urlUserInfo),
          RetryPolicy.fromConfig(config));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL + ": " + e.getMessage());
    }
  }

  @Override
  public int register(String subject, Schema schema) {
    String text = schema.toString();
    var key = new SubjectSchema(subject, text);
    Integer cached = ids.get(key);
    if (cached != null) {
      return cached;
    }
    String what = "register " + schema.getFullName() + " under subject " + subject;
    Reply reply = send("POST", subjectPath(subject) + "/versions", schemaBody(text), what);
    if (!reply.ok()) {
      throw failure(reply, what);
    }
    int id = intField(json(reply, what), "id", reply, what);
    ids.put(key, id);
    schemas.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public Optional<Integer> lookup(String subject, Schema schema) {
    String text = schema.toString();
    var key = new SubjectSchema(subject, text);
    Integer cached = ids.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    String what = "look up " + schema.getFullName() + " under subject " + subject;
    Reply reply = send("POST", subjectPath(subject), schemaBody(text), what);
    if (reply.status() == 404 && registryError(reply).filter(e -> NOT_FOUND_CODES.contains(e.code())).isPresent()) {
      return Optional.empty();
    }
    if (!reply.ok()) {
      throw failure(reply, what);
    }
    int id = intField(json(reply, what), "id", reply, what);
    ids.put(key, id);
    schemas.putIfAbsent(id, schema);
    return Optional.of(id);
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = schemas.get(id);
    if (cached != null) {
      return cached;
    }
    String what = "fetch schema id " + id;
    Reply reply = send("GET", "/schemas/ids/" + id, null, what);
    if (!reply.ok()) {
      throw failure(reply, what);
    }
    JsonNode node = json(reply, what);
    Schema schema = parseSchema(node, reply, what);
    Schema previous = schemas.putIfAbsent(id, schema);
    return previous == null ? schema : previous;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    String what = "fetch the latest version of subject " + subject;
    Reply reply = send("GET", subjectPath(subject) + "/versions/latest", null, what);
    if (!reply.ok()) {
      throw failure(reply, what);
    }
    JsonNode node = json(reply, what);
    int id = intField(node, "id", reply, what);
    int version = intField(node, "version", reply, what);
    Schema schema = parseSchema(node, reply, what);
    schemas.putIfAbsent(id, schema);
    return new RegisteredSchema(subject, id, version, schema);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    String what = "check " + schema.getFullName() + " for compatibility with subject " + subject;
    Reply reply = send("POST", "/compatibility" + subjectPath(subject) + "/versions/latest",
        schemaBody(schema.toString()), what);
    // A subject without versions accepts any schema.
    if (reply.status() == 404 && registryError(reply).filter(e -> NOT_FOUND_CODES.contains(e.code())).isPresent()) {
      return true;
    }
    if (!reply.ok()) {
      throw failure(reply, what);
    }
    JsonNode value = json(reply, what).get("is_compatible");
    if (value == null || !value.isBoolean()) {
      throw malformed(reply, what, "no boolean \"is_compatible\"", null);
    }
    return value.booleanValue();
  }

  @Override
  public String toString() {
    return "HttpSchemaRegistryClient" + baseUrls + " " + credentials;
  }

  // ---- HTTP

  private Reply send(String method, String path, String body, String what) {
    int attempts = Math.max(retry.maxRetries() + 1, baseUrls.size());
    Reply lastReply = null;
    IOException lastError = null;
    URI uri = null;
    for (int attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) {
        pause(retry.waitMillis(attempt), what);
      }
      int index = activeUrl.get();
      uri = URI.create(baseUrls.get(Math.floorMod(index, baseUrls.size())) + path);
      try {
        HttpResponse<String> response = http.send(request(method, uri, body),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        var reply = new Reply(method, uri, response.statusCode(),
            response.headers().firstValue("Content-Type").orElse(""), response.body());
        if (!reply.retriable()) {
          return reply;
        }
        lastReply = reply;
        lastError = null;
      } catch (IOException e) {
        lastReply = null;
        lastError = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw error(what + ": interrupted at " + method + " " + uri, 0, 0, e);
      }
      // Fail over: the next attempt (and every later call) goes to the next URL of the list.
      activeUrl.compareAndSet(index, index + 1);
    }
    String exhausted = what + " failed after " + attempts + (attempts == 1 ? " attempt" : " attempts");
    if (lastReply != null) {
      SchemaRegistryException f = failure(lastReply, exhausted);
      throw new SchemaRegistryUnavailableException(f.getMessage(), f.httpStatus(), f.errorCode(), null);
    }
    throw new SchemaRegistryUnavailableException(credentials.redact(exhausted + ": " + describe(lastError) + " at "
        + method + " " + uri), 0, 0, lastError);
  }

  private HttpRequest request(String method, URI uri, String body) {
    var builder = HttpRequest.newBuilder(uri).timeout(retry.requestTimeout()).header("Accept", ACCEPT);
    credentials.authorizationHeader().ifPresent(h -> builder.header("Authorization", h));
    if (body == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder.header("Content-Type", REQUEST_CONTENT_TYPE)
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    return builder.build();
  }

  private void pause(long millis, String what) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw error(what + ": interrupted while waiting to retry", 0, 0, e);
    }
  }

  private String describe(IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "no connection within " + retry.requestTimeout().toMillis() + " ms";
    }
    if (e instanceof HttpTimeoutException) {
      return "no reply within " + retry.requestTimeout().toMillis() + " ms";
    }
    if (e instanceof ConnectException) {
      return "cannot connect (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  // ---- replies

  private JsonNode json(Reply reply, String what) {
    String mediaType = reply.contentType().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    // Confluent answers application/vnd.schemaregistry.v1+json, Apicurio plain application/json.
    if (!(mediaType.isEmpty() || mediaType.equals("application/json") || mediaType.endsWith("+json"))) {
      throw malformed(reply, what, "content type " + mediaType + " is not JSON", null);
    }
    try {
      JsonNode node = JSON.readTree(reply.body());
      if (node == null || !node.isObject()) {
        throw malformed(reply, what, "not a JSON object", null);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw malformed(reply, what, "malformed JSON (" + e.getOriginalMessage() + ")", e);
    }
  }

  private int intField(JsonNode node, String field, Reply reply, String what) {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
      throw malformed(reply, what, "no integer \"" + field + "\"", null);
    }
    return value.intValue();
  }

  private Schema parseSchema(JsonNode node, Reply reply, String what) {
    JsonNode type = node.get("schemaType");
    if (type != null && !type.isNull() && !type.asText().equalsIgnoreCase("AVRO")) {
      throw error(what + ": the schema is " + type.asText() + ", not Avro, at " + reply.where(), reply.status(), 0,
          null);
    }
    JsonNode text = node.get("schema");
    if (text == null || !text.isTextual()) {
      throw malformed(reply, what, "no string \"schema\"", null);
    }
    try {
      return new Schema.Parser().parse(text.textValue());
    } catch (AvroRuntimeException e) {
      throw malformed(reply, what, "the schema does not parse as Avro (" + e.getMessage() + ")", e);
    }
  }

  private Optional<RegistryError> registryError(Reply reply) {
    try {
      JsonNode node = JSON.readTree(reply.body());
      if (node != null && node.isObject() && node.path("error_code").canConvertToInt()
          && node.path("error_code").isIntegralNumber()) {
        return Optional.of(new RegistryError(node.get("error_code").intValue(), node.path("message").asText("")));
      }
    } catch (JsonProcessingException e) {
      // Not a registry error body (a proxy's page, say): the caller reports the status alone.
    }
    return Optional.empty();
  }

  /** The exception for a final non-2xx answer. */
  private SchemaRegistryException failure(Reply reply, String what) {
    int status = reply.status();
    Optional<RegistryError> registryError = registryError(reply);
    int code = registryError.map(RegistryError::code).orElse(0);
    String said = registryError.map(RegistryError::message).filter(m -> !m.isBlank()).map(m -> ": " + m).orElse("");
    String tail = " (HTTP " + status + (code != 0 ? ", error code " + code : "") + ") at " + reply.where();
    String message;
    switch (status) {
      case 401, 403 -> {
        return error(what + ": authentication failed" + said + tail + "; check " + AvroSerdeConfig.BASIC_AUTH_USER_INFO
            + " or " + AvroSerdeConfig.BEARER_AUTH_TOKEN + " (sent " + credentials + ")", status, code, null);
      }
      case 404 -> {
        if (registryError.isEmpty()) {
          return error(what + ": not found, and the answer is no registry error" + tail + "; is "
              + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " the root of a Confluent-compatible API "
              + "(Apicurio: http://host:port/apis/ccompat/v7)?", status, code, null);
        }
        message = credentials.redact(what + ": not found" + said + tail);
        return new SchemaNotFoundException(message, status, code);
      }
      case 409 -> {
        message = credentials.redact(what + ": incompatible with the subject's registered versions" + said + tail);
        return new IncompatibleSchemaException(message, status, code);
      }
      case 422 -> {
        message = credentials.redact(what + ": invalid schema or request" + said + tail);
        return new InvalidSchemaException(message, status, code);
      }
      default -> {
        return error(what + ": registry error" + said + tail, status, code, null);
      }
    }
  }

  private SchemaRegistryException malformed(Reply reply, String what, String problem, Throwable cause) {
    return error(what + ": unreadable answer, " + problem + " (HTTP " + reply.status() + ") at " + reply.where(),
        reply.status(), 0, cause);
  }

  private SchemaRegistryException error(String message, int status, int code, Throwable cause) {
    return new SchemaRegistryException(credentials.redact(message), status, code, cause);
  }

  // ---- paths and bodies

  private static String subjectPath(String subject) {
    if (subject == null || subject.isEmpty()) {
      throw new IllegalArgumentException("empty subject");
    }
    // URLEncoder encodes for forms; a path segment wants %20, not +.
    return "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String schemaBody(String schemaText) {
    try {
      return JSON.writeValueAsString(Map.of("schema", schemaText));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a string as JSON", e);
    }
  }

  private static URI withoutUserInfo(URI uri) {
    try {
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
          uri.getFragment());
    } catch (URISyntaxException e) {
      throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL + " holds a malformed URL");
    }
  }
}
