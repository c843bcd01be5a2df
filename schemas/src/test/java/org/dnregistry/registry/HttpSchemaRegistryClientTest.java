package org.dnregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dnregistry.registry.FakeRegistry.error;
import static org.dnregistry.registry.FakeRegistry.json;
import static org.dnregistry.registry.FakeRegistry.plainJson;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;
import org.apache.kafka.common.config.ConfigException;
import org.dnregistry.avro.Clinic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every answer of the Confluent REST API the client can meet, from a scripted registry on a loopback port. */
class HttpSchemaRegistryClientTest {
  private static final Schema CLINIC = Clinic.getClassSchema();
  private static final String SUBJECT = "dn.clinics.v1-value";
  private static final String CCOMPAT = "/apis/ccompat/v7";
  private static final RetryPolicy FAST =
      new RetryPolicy(Duration.ofSeconds(5), 3, Duration.ofMillis(1), Duration.ofMillis(5));

  private FakeRegistry fake;

  @BeforeEach
  void start() throws Exception {
    fake = FakeRegistry.start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private HttpSchemaRegistryClient client(RetryPolicy retry, RegistryCredentials credentials) {
    return new HttpSchemaRegistryClient(List.of(URI.create(fake.url() + CCOMPAT + "/")), credentials, retry);
  }

  private HttpSchemaRegistryClient client() {
    return client(FAST, RegistryCredentials.none());
  }

  // ---- the happy paths, exactly as the REST API reference has them

  @Test
  void registerPostsTheCompactSchemaUnderTheBasePathAndReadsTheId() throws Exception {
    fake.then(json(200, "{\"id\":42}"));

    int id = client().register(SUBJECT, CLINIC);

    assertThat(id).isEqualTo(42);
    var request = fake.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.rawPath()).isEqualTo(CCOMPAT + "/subjects/dn.clinics.v1-value/versions");
    assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(request.accept()).isEqualTo("application/vnd.schemaregistry.v1+json, application/json");
    assertThat(request.authorization()).isNull();
    var body = new ObjectMapper().readTree(request.body());
    assertThat(body.size()).isEqualTo(1);
    assertThat(body.get("schema").textValue()).isEqualTo(CLINIC.toString()).doesNotContain("\n");
  }

  @Test
  void aPlainApplicationJsonReplyIsAccepted() {
    fake.then(plainJson(200, "{\"id\":7}"));

    assertThat(client().register(SUBJECT, CLINIC)).isEqualTo(7);
  }

  @Test
  void subjectsAreEncodedAsOnePathSegment() {
    fake.then(json(200, "{\"id\":1}"));

    client().register("odd subject/with+chars", CLINIC);

    assertThat(fake.requests().get(0).rawPath()).isEqualTo(CCOMPAT + "/subjects/odd%20subject%2Fwith%2Bchars/versions");
  }

  @Test
  void lookupFindsARegisteredSchema() {
    fake.then(json(200, "{\"subject\":\"" + SUBJECT + "\",\"id\":5,\"version\":1,\"schema\":"
        + quoted(CLINIC.toString()) + "}"));

    assertThat(client().lookup(SUBJECT, CLINIC)).contains(5);
    var request = fake.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.rawPath()).isEqualTo(CCOMPAT + "/subjects/dn.clinics.v1-value");
  }

  @Test
  void lookupOfAnUnknownSubjectOrSchemaIsEmpty() {
    fake.then(error(404, 40401, "Subject 'dn.clinics.v1-value' not found."))
        .then(error(404, 40403, "Schema not found"));
    var client = client();

    assertThat(client.lookup(SUBJECT, CLINIC)).isEmpty();
    assertThat(client.lookup(SUBJECT, CLINIC)).isEmpty();
    assertThat(fake.requests()).hasSize(2); // a miss is not cached: the schema may be registered later
  }

  @Test
  void schemaByIdParsesTheSchemaAndCachesIt() {
    fake.then(json(200, "{\"schema\":" + quoted(SchemaFormatter.format("json/pretty", CLINIC)) + "}"));
    var client = client();

    assertThat(client.schemaById(9)).isEqualTo(CLINIC);
    assertThat(client.schemaById(9)).isEqualTo(CLINIC);
    assertThat(fake.requests()).hasSize(1);
    assertThat(fake.requests().get(0).method()).isEqualTo("GET");
    assertThat(fake.requests().get(0).rawPath()).isEqualTo(CCOMPAT + "/schemas/ids/9");
  }

  @Test
  void latestReadsSubjectIdVersionAndSchema() {
    fake.then(json(200, "{\"subject\":\"" + SUBJECT + "\",\"id\":12,\"version\":3,\"schema\":"
        + quoted(CLINIC.toString()) + "}"));

    var latest = client().latest(SUBJECT);

    assertThat(latest).isEqualTo(new RegisteredSchema(SUBJECT, 12, 3, CLINIC));
    assertThat(fake.requests().get(0).rawPath()).isEqualTo(CCOMPAT + "/subjects/dn.clinics.v1-value/versions/latest");
  }

  @Test
  void compatibilityIsAskedAgainstTheLatestVersion() {
    fake.then(json(200, "{\"is_compatible\":false}")).then(plainJson(200, "{\"is_compatible\":true}"));
    var client = client();

    assertThat(client.isCompatible(SUBJECT, CLINIC)).isFalse();
    assertThat(client.isCompatible(SUBJECT, CLINIC)).isTrue();
    var request = fake.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.rawPath()).isEqualTo(CCOMPAT + "/compatibility/subjects/dn.clinics.v1-value/versions/latest");
    assertThat(request.body()).contains("\"schema\"");
  }

  @Test
  void aSubjectWithoutVersionsIsCompatibleWithAnything() {
    fake.then(error(404, 40401, "Subject not found")).then(error(404, 40402, "Version not found"));
    var client = client();

    assertThat(client.isCompatible(SUBJECT, CLINIC)).isTrue();
    assertThat(client.isCompatible(SUBJECT, CLINIC)).isTrue();
  }

  // ---- caching

  @Test
  void aRegisteredSchemaIsNeitherRegisteredNorFetchedAgain() {
    fake.then(json(200, "{\"id\":42}"));
    var client = client();

    assertThat(client.register(SUBJECT, CLINIC)).isEqualTo(42);
    assertThat(client.register(SUBJECT, CLINIC)).isEqualTo(42);
    assertThat(client.lookup(SUBJECT, CLINIC)).contains(42);
    assertThat(client.schemaById(42)).isEqualTo(CLINIC);
    assertThat(fake.requests()).hasSize(1);
  }

  @Test
  void idsAreCachedPerSubject() {
    fake.then(json(200, "{\"id\":42}")).then(json(200, "{\"id\":42}"));
    var client = client();

    client.register(SUBJECT, CLINIC);
    client.register("other-value", CLINIC);

    assertThat(fake.requests()).hasSize(2);
  }

  // ---- errors that are final

  @Test
  void conflictIsAnIncompatibleSchema() {
    fake.then(error(409, 409, "Schema being registered is incompatible with an earlier schema"));

    assertThatThrownBy(() -> client().register(SUBJECT, CLINIC))
        .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(409);
          assertThat(e.errorCode()).isEqualTo(409);
        })
        .hasMessageContaining("register org.dnregistry.avro.Clinic under subject " + SUBJECT)
        .hasMessageContaining("incompatible with an earlier schema")
        .hasMessageContaining("POST " + fake.url() + CCOMPAT + "/subjects/" + SUBJECT + "/versions");
    assertThat(fake.requests()).hasSize(1);
  }

  @Test
  void unknownSubjectAndUnknownIdAreNotFound() {
    fake.then(error(404, 40401, "Subject not found")).then(error(404, 40403, "Schema 77 not found"));
    var client = client();

    assertThatThrownBy(() -> client.latest(SUBJECT))
        .isInstanceOfSatisfying(SchemaNotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo(40401))
        .hasMessageContaining("subject " + SUBJECT)
        .hasMessageContaining("Subject not found");
    assertThatThrownBy(() -> client.schemaById(77))
        .isInstanceOfSatisfying(SchemaNotFoundException.class, e -> assertThat(e.errorCode()).isEqualTo(40403))
        .hasMessageContaining("schema id 77")
        .hasMessageContaining("/schemas/ids/77");
  }

  @Test
  void aNotFoundThatIsNoRegistryErrorPointsAtTheUrl() {
    fake.then(new FakeRegistry.Response(404, "text/html", "<html>Not Found</html>", 0));

    assertThatThrownBy(() -> client().schemaById(3))
        .isExactlyInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("schema id 3")
        .hasMessageContaining("/apis/ccompat/v7");
  }

  @Test
  void unprocessableIsAnInvalidSchema() {
    fake.then(error(422, 42201, "Invalid schema"));

    assertThatThrownBy(() -> client().register(SUBJECT, CLINIC))
        .isInstanceOfSatisfying(InvalidSchemaException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(422);
          assertThat(e.errorCode()).isEqualTo(42201);
        })
        .hasMessageContaining("subject " + SUBJECT)
        .hasMessageContaining("Invalid schema");
  }

  @Test
  void unauthorizedAndForbiddenSayAuthenticationFailedWithoutTheCredentials() {
    fake.then(error(401, 401, "Unauthorized")).then(error(403, 40301, "Forbidden"));
    var credentials = RegistryCredentials.basic("clinic-app:s3cr3t-pw");
    var client = client(FAST, credentials);

    for (int status : new int[] {401, 403}) {
      assertThatThrownBy(() -> client.register(SUBJECT, CLINIC))
          .isExactlyInstanceOf(SchemaRegistryException.class)
          .hasMessageContaining("authentication failed")
          .hasMessageContaining("HTTP " + status)
          .hasMessageContaining("subject " + SUBJECT)
          .satisfies(e -> assertNoSecret(e.getMessage(), "clinic-app:s3cr3t-pw", "s3cr3t-pw"));
    }
    assertThat(fake.requests()).hasSize(2); // not retried
    assertNoSecret(client.toString(), "clinic-app:s3cr3t-pw", "s3cr3t-pw");
    assertNoSecret(credentials.toString(), "clinic-app:s3cr3t-pw", "s3cr3t-pw");
  }

  @Test
  void aSecretEchoedByTheRegistryIsRedacted() {
    fake.then(error(401, 401, "bad token tok-123456 for this realm"));

    assertThatThrownBy(() -> client(FAST, RegistryCredentials.bearer("tok-123456")).register(SUBJECT, CLINIC))
        .hasMessageContaining("bad token *** for this realm")
        .satisfies(e -> assertNoSecret(e.getMessage(), "tok-123456"));
  }

  @Test
  void aMalformedJsonReplyIsAnErrorAndNotRetried() {
    fake.then(json(200, "{\"id\": 4"));

    assertThatThrownBy(() -> client().register(SUBJECT, CLINIC))
        .isExactlyInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("unreadable answer")
        .hasMessageContaining("malformed JSON")
        .hasMessageContaining("subject " + SUBJECT);
    assertThat(fake.requests()).hasSize(1);
  }

  @Test
  void aReplyWithoutTheExpectedFieldIsAnError() {
    fake.then(json(200, "{\"identifier\":4}")).then(json(200, "{\"schema\":\"{not avro\"}"))
        .then(json(200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}"));
    var client = client();

    assertThatThrownBy(() -> client.register(SUBJECT, CLINIC)).hasMessageContaining("no integer \"id\"");
    assertThatThrownBy(() -> client.schemaById(1)).hasMessageContaining("does not parse as Avro");
    assertThatThrownBy(() -> client.schemaById(2)).hasMessageContaining("PROTOBUF, not Avro");
  }

  @Test
  void aReplyThatIsNotJsonIsAnError() {
    fake.then(new FakeRegistry.Response(200, "text/html", "<html>login</html>", 0));

    assertThatThrownBy(() -> client().schemaById(1)).hasMessageContaining("content type text/html is not JSON");
  }

  // ---- errors that are retried

  @Test
  void aServerErrorIsRetriedThenSucceeds() {
    fake.then(error(500, 50001, "Error in the backend data store")).then(json(200, "{\"id\":8}"));

    assertThat(client().register(SUBJECT, CLINIC)).isEqualTo(8);
    assertThat(fake.requests()).hasSize(2);
  }

  @Test
  void tooManyRequestsIsRetried() {
    fake.then(new FakeRegistry.Response(429, null, null, 0)).then(json(200, "{\"id\":8}"));

    assertThat(client().register(SUBJECT, CLINIC)).isEqualTo(8);
  }

  @Test
  void aServerErrorThatLastsFailsAfterMaxRetries() {
    fake.otherwise(r -> error(500, 50001, "Error in the backend data store"));
    var retry = new RetryPolicy(Duration.ofSeconds(5), 2, Duration.ofMillis(1), Duration.ofMillis(5));

    assertThatThrownBy(() -> client(retry, RegistryCredentials.none()).register(SUBJECT, CLINIC))
        .isExactlyInstanceOf(SchemaRegistryUnavailableException.class)
        .satisfies(e -> {
          var sre = (SchemaRegistryException) e;
          assertThat(sre.httpStatus()).isEqualTo(500);
          assertThat(sre.errorCode()).isEqualTo(50001);
        })
        .hasMessageContaining("failed after 3 attempts")
        .hasMessageContaining("subject " + SUBJECT)
        .hasMessageContaining("Error in the backend data store")
        .hasMessageContaining(CCOMPAT + "/subjects/" + SUBJECT + "/versions");
    assertThat(fake.requests()).hasSize(3);
  }

  @Test
  void aTimeoutIsRetriedThenReported() {
    fake.otherwise(r -> new FakeRegistry.Response(200, FakeRegistry.VND_JSON, "{\"id\":1}", 5_000));
    var retry = new RetryPolicy(Duration.ofMillis(300), 1, Duration.ofMillis(1), Duration.ofMillis(5));
    long start = System.nanoTime();

    assertThatThrownBy(() -> client(retry, RegistryCredentials.none()).schemaById(11))
        .isExactlyInstanceOf(SchemaRegistryUnavailableException.class)
        .hasCauseInstanceOf(HttpTimeoutException.class)
        .hasMessageContaining("schema id 11")
        .hasMessageContaining("failed after 2 attempts")
        .hasMessageContaining("no reply within 300 ms")
        .hasMessageContaining("GET " + fake.url() + CCOMPAT + "/schemas/ids/11");
    assertThat(fake.requests()).hasSize(2);
    // Without the request timeout the two attempts would wait out the fake's 2 x 5 s.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(9_000));
  }

  @Test
  void aRefusedConnectionIsRetriedThenReported() throws Exception {
    String dead = "http://127.0.0.1:" + FakeRegistry.refusedPort();
    var retry = new RetryPolicy(Duration.ofSeconds(2), 2, Duration.ofMillis(1), Duration.ofMillis(5));
    var client = new HttpSchemaRegistryClient(List.of(URI.create(dead)), RegistryCredentials.none(), retry);

    assertThatThrownBy(() -> client.latest(SUBJECT))
        .isExactlyInstanceOf(SchemaRegistryUnavailableException.class)
        .hasCauseInstanceOf(ConnectException.class)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isZero())
        .hasMessageContaining("subject " + SUBJECT)
        .hasMessageContaining("failed after 3 attempts")
        .hasMessageContaining("cannot connect")
        .hasMessageContaining("GET " + dead + "/subjects/" + SUBJECT + "/versions/latest");
  }

  @Test
  void failsOverToTheNextUrlAndStaysThere() throws Exception {
    String dead = "http://127.0.0.1:" + FakeRegistry.refusedPort();
    fake.otherwise(r -> json(200, "{\"id\":3}"));
    var noRetries = new RetryPolicy(Duration.ofSeconds(2), 0, Duration.ofMillis(1), Duration.ofMillis(5));
    var client = new HttpSchemaRegistryClient(List.of(URI.create(dead), URI.create(fake.url())),
        RegistryCredentials.none(), noRetries);

    assertThat(client.register(SUBJECT, CLINIC)).isEqualTo(3);
    assertThat(client.register("second-value", CLINIC)).isEqualTo(3);
    assertThat(fake.requests()).hasSize(2);
  }

  // ---- authentication

  @Test
  void basicAuthSendsTheUserInfo() {
    fake.then(json(200, "{\"id\":1}"));

    client(FAST, RegistryCredentials.basic("clinic-app:s3cr3t-pw")).register(SUBJECT, CLINIC);

    assertThat(fake.requests().get(0).authorization()).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString("clinic-app:s3cr3t-pw".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void bearerAuthSendsTheToken() {
    fake.then(json(200, "{\"id\":1}"));

    client(FAST, RegistryCredentials.bearer("tok-123456")).register(SUBJECT, CLINIC);

    assertThat(fake.requests().get(0).authorization()).isEqualTo("Bearer tok-123456");
  }

  // ---- configuration

  @Test
  void fromConfigReadsUrlsAuthAndRetries() {
    fake.then(error(503, 50301, "unavailable")).then(error(503, 50301, "unavailable"));
    Map<String, Object> configs = new HashMap<>();
    configs.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, " " + fake.url() + CCOMPAT + " ");
    configs.put(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
    configs.put(AvroSerdeConfig.BASIC_AUTH_USER_INFO, "clinic-app:s3cr3t-pw");
    configs.put(AvroSerdeConfig.MAX_RETRIES, "1");
    configs.put(AvroSerdeConfig.RETRIES_WAIT_MS, 1);

    var client = SchemaRegistryClients.fromConfig(configs);

    assertThat(client).isInstanceOf(HttpSchemaRegistryClient.class);
    assertThatThrownBy(() -> client.schemaById(1)).hasMessageContaining("failed after 2 attempts");
    assertThat(fake.requests()).hasSize(2)
        .allSatisfy(r -> assertThat(r.authorization()).startsWith("Basic "));
    assertNoSecret(client.toString(), "s3cr3t-pw");
  }

  @Test
  void credentialsInTheUrlBecomeBasicAuthAndLeaveTheUrl() {
    fake.then(json(200, "{\"id\":1}"));
    String url = fake.url().replace("http://", "http://clinic-app:s3cr3t-pw@") + CCOMPAT;

    var client = SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url));
    client.register(SUBJECT, CLINIC);

    assertThat(fake.requests().get(0).authorization()).startsWith("Basic ");
    assertNoSecret(client.toString(), "s3cr3t-pw");
  }

  @Test
  void badConfigsAreRejectedWithoutEchoingSecrets() {
    assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining(AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(Map.of(
        AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://a," + fake.url())))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(Map.of(
        AvroSerdeConfig.SCHEMA_REGISTRY_URL, fake.url(), AvroSerdeConfig.BASIC_AUTH_USER_INFO, "no-colon-secret")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertNoSecret(e.getMessage(), "no-colon-secret"));
    assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(Map.of(
        AvroSerdeConfig.SCHEMA_REGISTRY_URL, fake.url(), AvroSerdeConfig.BASIC_AUTH_USER_INFO, "u:p",
        AvroSerdeConfig.BEARER_AUTH_TOKEN, "tok")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not both");
    assertThatThrownBy(() -> SchemaRegistryClients.fromConfig(Map.of(
        AvroSerdeConfig.SCHEMA_REGISTRY_URL, "ftp://registry")))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void mockUrlsStillGiveTheSharedInMemoryRegistry() {
    var a = SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://http-client-test"));
    var b = SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://http-client-test"));

    assertThat(a).isInstanceOf(InMemorySchemaRegistryClient.class).isSameAs(b);
  }

  private static void assertNoSecret(String text, String... secrets) {
    String encoded = Base64.getEncoder().encodeToString("clinic-app:s3cr3t-pw".getBytes(StandardCharsets.UTF_8));
    assertThat(text).doesNotContain(secrets).doesNotContain(encoded);
  }

  private static String quoted(String s) {
    try {
      return new ObjectMapper().writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
