package org.dnregistry.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dnregistry.ingest.TestEvents;
import org.dnregistry.ingest.events.EventType;

/** Random request bodies: noise, random JSON, truncated JSON and valid events with random mutations. */
final class FuzzCases {
  enum Kind { NOISE, RANDOM_JSON, TRUNCATED, MUTATED, VALID }

  record Case(Kind kind, String token, String tokenClinic, String contentType, byte[] body, boolean mutated) {
    @Override
    public String toString() {
      String text = new String(body, StandardCharsets.UTF_8);
      return kind + " " + contentType + " token=" + tokenClinic + " body="
          + (text.length() > 600 ? text.substring(0, 600) + "..." : text);
    }
  }

  static final ObjectMapper PLAIN = new ObjectMapper();
  static final ObjectMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  static final String[] FIELD_NAMES = EventType.EPISODE.fields().keySet().stream().toArray(String[]::new);
  static final String[] NASTY_STRINGS = {"", " ", "|", "a|b", "\u0000", "\t", "\n", "\ud800", "\udc00x",
      "\uD83D\uDE00", "x".repeat(65), "x".repeat(2001), "NPRS", "BASELINE", "2025-03-02T09:30:00Z",
      "2025-03-02T09:30:00", "9999-12-31T23:59:59Z", "1989-01-01", "2025-02-29", "true", "null", "C1", "C2",
      "episode", "session", "\u202e", "\u2028", "ÄÖÜ", "co", "CA-ON"};
  static final String[] NASTY_NUMBERS = {"0", "-0", "1", "-1", "10", "10.001", "10.01", "0.1", "7.125", "1e2",
      "1E+999999999", "-1e999999999", "1e-999999999", "0e999999", "123456789012345678901234567890",
      "9223372036854775808", "2147483648", "0.30000000000000004", "50.5", "100", "200", "201", "0.0001"};

  private FuzzCases() {}

  static Case generate(Random r) {
    Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
    boolean admin = r.nextInt(4) == 0;
    String token = admin ? TestGateway.ADMIN : TestGateway.CLINIC_1;
    String tokenClinic = admin ? null : "C1";
    boolean ndjson = r.nextBoolean();
    String contentType = ndjson ? "application/x-ndjson" : "application/json";
    byte[] body = switch (kind) {
      case NOISE -> noise(r);
      case RANDOM_JSON -> bytes(randomJson(r, 0), r);
      case TRUNCATED -> truncate(events(r, admin, ndjson, false), r);
      case MUTATED -> events(r, admin, ndjson, true);
      case VALID -> events(r, admin, ndjson, false);
    };
    return new Case(kind, token, tokenClinic, contentType, body, kind == Kind.MUTATED);
  }

  static byte[] noise(Random r) {
    byte[] b = new byte[r.nextInt(300)];
    r.nextBytes(b);
    if (r.nextBoolean() && b.length > 0) {
      b[0] = (byte) (r.nextBoolean() ? '{' : '[');
    }
    return b;
  }

  static byte[] truncate(byte[] body, Random r) {
    int cut = body.length <= 1 ? 0 : 1 + r.nextInt(body.length - 1);
    byte[] out = new byte[cut];
    System.arraycopy(body, 0, out, 0, cut);
    return out;
  }

  static byte[] events(Random r, boolean admin, boolean ndjson, boolean mutate) {
    int n = 1 + r.nextInt(4);
    List<JsonNode> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      EventType type = admin ? pick(r, EventType.CLINIC, EventType.PRACTITIONER, EventType.BASELINE)
          : pick(r, EventType.EPISODE, EventType.SESSION, EventType.OUTCOME, EventType.ADVERSE_EVENT);
      ObjectNode e = TestEvents.of(type);
      if (r.nextInt(5) == 0) {
        e.put("retracted", true);
      }
      if (mutate) {
        int mutations = 1 + r.nextInt(3);
        for (int m = 0; m < mutations; m++) {
          mutate(e, type, r);
        }
      }
      events.add(e);
    }
    if (ndjson) {
      var sb = new StringBuilder();
      for (JsonNode e : events) {
        sb.append(write(e, r)).append(r.nextBoolean() ? "\n" : "\r\n");
      }
      return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
    if (n == 1 && r.nextBoolean()) {
      return write(events.get(0), r).getBytes(StandardCharsets.UTF_8);
    }
    ArrayNode array = NODES.arrayNode();
    events.forEach(array::add);
    return write(array, r).getBytes(StandardCharsets.UTF_8);
  }

  static void mutate(ObjectNode e, EventType type, Random r) {
    List<String> names = new ArrayList<>(type.fields().keySet());
    names.add("type");
    names.add("retracted");
    String field = names.get(r.nextInt(names.size()));
    switch (r.nextInt(6)) {
      case 0 -> e.remove(field);
      case 1 -> e.set(field, randomJson(r, 2));
      case 2 -> e.put(field, NASTY_STRINGS[r.nextInt(NASTY_STRINGS.length)]);
      case 3 -> e.set(field, NODES.numberNode(new BigDecimal(NASTY_NUMBERS[r.nextInt(NASTY_NUMBERS.length)])));
      case 4 -> e.put(randomString(r), 1);
      default -> {
        e.putNull(field);
      }
    }
  }

  static JsonNode randomJson(Random r, int depth) {
    int choice = r.nextInt(depth > 3 ? 6 : 8);
    return switch (choice) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(r.nextBoolean());
      case 2 -> NODES.numberNode(new BigDecimal(NASTY_NUMBERS[r.nextInt(NASTY_NUMBERS.length)]));
      case 3 -> NODES.numberNode(BigInteger.valueOf(r.nextLong()));
      case 4 -> NODES.textNode(NASTY_STRINGS[r.nextInt(NASTY_STRINGS.length)]);
      case 5 -> NODES.textNode(randomString(r));
      case 6 -> {
        ArrayNode a = NODES.arrayNode();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          a.add(randomJson(r, depth + 1));
        }
        yield a;
      }
      default -> {
        ObjectNode o = NODES.objectNode();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
          String name = r.nextBoolean() ? FIELD_NAMES[r.nextInt(FIELD_NAMES.length)]
              : r.nextBoolean() ? "type" : randomString(r);
          o.set(name, name.equals("type") && r.nextBoolean()
              ? NODES.textNode(pick(r, EventType.values()).wireName()) : randomJson(r, depth + 1));
        }
        yield o;
      }
    };
  }

  static String randomString(Random r) {
    int n = r.nextInt(12);
    var sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append((char) (r.nextInt(4) == 0 ? r.nextInt(0x10000) : 0x20 + r.nextInt(0x5f)));
    }
    return sb.toString();
  }

  static String write(JsonNode node, Random r) {
    try {
      // Escaping keeps lone surrogates as \\uXXXX escapes instead of losing them to UTF-8 encoding.
      return (r.nextBoolean() ? ESCAPING : PLAIN).writeValueAsString(node);
    } catch (JsonProcessingException e) {
      return ESCAPING.valueToTree(node).toString();
    }
  }

  static byte[] bytes(JsonNode node, Random r) {
    return write(node, r).getBytes(StandardCharsets.UTF_8);
  }

  @SafeVarargs
  static <T> T pick(Random r, T... values) {
    return values[r.nextInt(values.length)];
  }
}
