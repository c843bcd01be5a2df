package org.dnregistry.streams.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.dnregistry.access.Tokens;

/** Tokens of every role for the tests: a viewer, an admin, and clinics C1, C3 and C9. */
final class TestTokens {
  static final String VIEWER = "viewer-token-0123456789";
  static final String ADMIN = "admin-token-0123456789";
  static final String CLINIC_C1 = "clinic-c1-token-0123456789";
  static final String CLINIC_C3 = "clinic-c3-token-0123456789";
  /** A clinic the registry has not seen any data of. */
  static final String CLINIC_C9 = "clinic-c9-token-0123456789";

  private TestTokens() {}

  static Tokens tokens() {
    try {
      return Tokens.parse(new ObjectMapper().readTree("""
          {"tokens": [
            {"token": "%s", "role": "viewer"},
            {"token": "%s", "role": "admin"},
            {"token": "%s", "role": "clinic", "clinicId": "C1"},
            {"token": "%s", "role": "clinic", "clinicId": "C3"},
            {"token": "%s", "role": "clinic", "clinicId": "C9"}]}
          """.formatted(VIEWER, ADMIN, CLINIC_C1, CLINIC_C3, CLINIC_C9)), "test tokens");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
