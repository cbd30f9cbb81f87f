package io.serveplan.hardware.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

  private static final Map<String, Object> DOC = JsonCodec.readObject(
      "{\"a\": {\"b\": {\"c\": 3}}, \"n\": null, \"list\": [1], \"s\": \"x\"}");

  @Test
  void aPathTellsAnAbsentKeyFromANullOne() {
    assertThat(JsonValues.path(DOC, "a", "b", "c")).isEqualTo(3);
    assertThat(JsonValues.path(DOC, "n")).isNull();
    assertThat(JsonValues.isMissing(JsonValues.path(DOC, "n"))).isFalse();
    assertThat(JsonValues.isMissing(JsonValues.path(DOC, "a", "x"))).isTrue();
    assertThat(JsonValues.isMissing(JsonValues.path(DOC, "s", "x"))).as("below a string").isTrue();
    assertThat(JsonValues.isMissing(JsonValues.path(DOC, "n", "x"))).as("below null").isTrue();
    assertThat(JsonValues.isMissing(JsonValues.path(DOC, "list", "0"))).as("a list has no keys").isTrue();
    assertThat(JsonValues.path(DOC)).isSameAs(DOC);
  }

  @Test
  void conversionsAreJacksonsLenientOnes() {
    List<Object> values = Arrays.asList(7, 3_000_000_000L, 2.9, true, false, "12", " 2 ", "1.5", "x", "true", null,
        JsonValues.MISSING, List.of(1), Map.of("k", 1), new java.math.BigInteger("12345678901234567890123"));
    assertThat(values.stream().map(v -> JsonValues.asInt(v, -1)).toList())
        .containsExactly(7, -1294967296, 2, 1, 0, 12, 2, 1, -1, -1, -1, -1, -1, -1, 1900168395);
    assertThat(values.stream().map(v -> JsonValues.asDouble(v, -1)).toList())
        .containsExactly(7.0, 3.0e9, 2.9, 1.0, 0.0, 12.0, 2.0, 1.5, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, 1.2345678901234568E22);
    assertThat(values.stream().map(v -> JsonValues.asText(v, "D")).toList())
        .containsExactly("7", "3000000000", "2.9", "true", "false", "12", " 2 ", "1.5", "x", "true", "D", "D", "", "",
            "12345678901234567890123");
    assertThat(values.stream().map(v -> JsonValues.asBoolean(v, false)).toList())
        .containsExactly(true, true, false, true, false, false, false, false, false, true, false, false, false, false,
            true);
    assertThat(JsonValues.asBoolean(2.9, true)).as("a fraction answers the default").isTrue();
    assertThat(JsonValues.asBoolean(0, true)).isFalse();
    assertThat(JsonValues.asText(1.723456789123E9, "")).isEqualTo("1.723456789123E9");
  }

  @Test
  void aValueShowsAsCompactJson() {
    assertThat(JsonValues.toJson("7")).isEqualTo("\"7\"");
    assertThat(JsonValues.toJson(null)).isEqualTo("null");
    assertThat(JsonValues.toJson(DOC.get("a"))).isEqualTo("{\"b\":{\"c\":3}}");
    assertThat(JsonValues.toJson(1.5)).isEqualTo("1.5");
  }
}
