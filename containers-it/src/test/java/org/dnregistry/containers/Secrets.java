package org.dnregistry.containers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings a deployment keeps secret, made fresh for each test: bearer tokens (an admin, a viewer and one per
 * simulated clinic, REFERENCE section 3), the pseudonym secret and the streams instances' internal token.
 */
record Secrets(String admin, String viewer, Map<String, String> clinics, String pseudonymSecret,
    String internalToken) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  static Secrets generate(List<String> clinicIds) {
    var clinics = new LinkedHashMap<String, String>();
    clinicIds.forEach(id -> clinics.put(id, random()));
    return new Secrets(random(), random(), clinics, random() + random(), random());
  }

  String tokensJson() {
    ObjectNode root = JSON.createObjectNode();
    var list = root.putArray("tokens");
    list.addObject().put("token", admin).put("role", "admin");
    list.addObject().put("token", viewer).put("role", "viewer");
    clinics.forEach((clinic, token) -> list.addObject().put("token", token).put("role", "clinic").put("clinicId", clinic));
    return root.toString();
  }

  private static String random() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
