package org.dnregistry.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TokensTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static Tokens parse(String json) throws Exception {
    return Tokens.parse(JSON.readTree(json), "tokens.json");
  }

  @Test
  void aTokenListedTwiceIsRefusedAtLoadWithoutEchoingIt() {
    String secret = "shared-token-0123456789";
    assertThatThrownBy(() -> parse("{\"tokens\": ["
        + "{\"token\": \"viewer-token-0123456789\", \"role\": \"viewer\"},"
        + "{\"token\": \"" + secret + "\", \"role\": \"clinic\", \"clinicId\": \"C1\"},"
        + "{\"token\": \"" + secret + "\", \"role\": \"clinic\", \"clinicId\": \"C2\"}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokens.json: tokens[2].token is the same as tokens[1].token")
        .hasMessageContaining("unique")
        .message().doesNotContain(secret);
  }

  @Test
  void distinctTokensLoadAndAuthenticate() throws Exception {
    Tokens tokens = parse("{\"tokens\": ["
        + "{\"token\": \"clinic-token-0123456789\", \"role\": \"clinic\", \"clinicId\": \"C1\"},"
        + "{\"token\": \"admin-token-01234567890\", \"role\": \"admin\"}]}");
    assertThat(tokens.authenticate("clinic-token-0123456789")).contains(new Principal(Role.CLINIC, "C1"));
    assertThat(tokens.authenticateHeader("Bearer admin-token-01234567890")).map(Principal::role)
        .contains(Role.ADMIN);
    assertThat(tokens.authenticate("unknown-token-0123456789")).isEmpty();
  }
}
