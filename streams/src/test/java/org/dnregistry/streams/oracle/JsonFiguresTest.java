package org.dnregistry.streams.oracle;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonFiguresTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIGURE = """
      {"scope":"network","asOf":"2026-11-20","rows":[
        {"category":"BRUISING","sessions":120,"rate":0.075,"ciLow":null,"baselines":[{"source":"Boyce 2020","pUpper":0.53}]},
        {"category":"BLEEDING","sessions":120,"rate":0.0,"ciLow":0.0,"baselines":[]}]}""";

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode figureWith(String from, String to) {
    String changed = FIGURE.replace(from, to);
    if (changed.equals(FIGURE)) {
      throw new IllegalArgumentException("nothing replaced: " + from);
    }
    return parse(changed);
  }

  @Test
  void sameTreesPass() {
    assertThatCode(() -> JsonFigures.assertSameFigures(parse(FIGURE), parse(FIGURE), "ctx")).doesNotThrowAnyException();
  }

  @Test
  void numbersMayDifferWithinTheTolerancesAndByType() {
    // 0.075 * (1 + 5e-10) is within 1e-9 relative; 0.0 vs 5e-13 within 1e-12 absolute; 120 vs 120.0.
    JsonNode close = figureWith("\"rate\":0.075", "\"rate\":0.0750000000375");
    assertThatCode(() -> JsonFigures.assertSameFigures(parse(FIGURE), close, "ctx")).doesNotThrowAnyException();
    assertThatCode(() -> JsonFigures.assertSameFigures(parse(FIGURE),
        figureWith("\"ciLow\":0.0", "\"ciLow\":5e-13"), "ctx")).doesNotThrowAnyException();
    assertThatCode(() -> JsonFigures.assertSameFigures(parse(FIGURE),
        figureWith("\"sessions\":120,\"rate\":0.075", "\"sessions\":120.0,\"rate\":0.075"), "ctx"))
        .doesNotThrowAnyException();
  }

  @Test
  void aNumberBeyondTheToleranceFailsWithItsPathBothValuesAndTheContext() {
    assertThatThrownBy(() -> JsonFigures.assertSameFigures(parse(FIGURE),
        figureWith("\"pUpper\":0.53", "\"pUpper\":0.5300001"), "scope=network seed=7"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("$.rows[0].baselines[0].pUpper")
        .hasMessageContaining("0.53").hasMessageContaining("0.5300001")
        .hasMessageContaining("scope=network seed=7");
    assertThatThrownBy(() -> JsonFigures.assertSameFigures(parse(FIGURE),
        figureWith("\"ciLow\":0.0", "\"ciLow\":2e-12"), "ctx"))
        .hasMessageContaining("$.rows[1].ciLow");
  }

  @Test
  void nullsStringsOrderAndSizesMustMatch() {
    assertThatThrownBy(() -> JsonFigures.assertSameFigures(parse(FIGURE),
        figureWith("\"ciLow\":null", "\"ciLow\":0.0"), "ctx")).hasMessageContaining("$.rows[0].ciLow");
    assertThatThrownBy(() -> JsonFigures.assertSameFigures(parse(FIGURE),
        figureWith("\"ciLow\":0.0,", "\"ciLow\":null,"), "ctx")).hasMessageContaining("$.rows[1].ciLow");
    assertThatThrownBy(() -> JsonFigures.assertSameFigures(parse(FIGURE),
        figureWith("Boyce 2020", "Brady 2014"), "ctx")).hasMessageContaining("$.rows[0].baselines[0].source");
    assertThatThrownBy(() -> JsonFigures.assertSameFigures(parse(FIGURE),
        figureWith("\"scope\":\"network\",\"asOf\":\"2026-11-20\"", "\"asOf\":\"2026-11-20\",\"scope\":\"network\""),
        "ctx")).hasMessageContaining("$: expected fields [scope, asOf, rows] but was [asOf, scope, rows]");
    assertThatThrownBy(() -> JsonFigures.assertSameFigures(parse(FIGURE),
        figureWith("\"baselines\":[]", "\"baselines\":[{\"source\":\"x\"}]"), "ctx"))
        .hasMessageContaining("$.rows[1].baselines: expected 0 elements but was 1");
    assertThatThrownBy(() -> JsonFigures.assertSameFigures(parse(FIGURE),
        figureWith(",\"rate\":0.0,", ","), "ctx")).hasMessageContaining("$.rows[1]: expected fields");
    assertThatThrownBy(() -> JsonFigures.assertSameFigures(parse(FIGURE),
        figureWith("\"sessions\":120,\"rate\":0.075", "\"sessions\":\"120\",\"rate\":0.075"), "ctx"))
        .hasMessageContaining("$.rows[0].sessions");
  }
}
