package io.serveplan.hardware.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonCodecTest {

  record Point(String modelId, double meanTtftMs, Map<String, Integer> counts) {}

  record Declared(@JsonProperty("usd_per_month") double usdPerMonth, String modelId) {}

  @Test
  void snakeCaseKeysRoundTripARecordAndIgnoreKeysTheRecordDoesNotHave() {
    Point p = new Point("llama-3.1-8b", 12.5, Map.of("b", 2));
    String json = JsonCodec.write(p, JsonCodec.Keys.SNAKE_CASE);
    assertThat(json).contains("\"model_id\" : \"llama-3.1-8b\"").contains("\"mean_ttft_ms\" : 12.5");
    String newer = json.replaceFirst("\\{", "{\"added_later\": 1,");
    assertThat(JsonCodec.read(newer, Point.class, JsonCodec.Keys.SNAKE_CASE)).isEqualTo(p);
  }

  @Test
  void declaredKeysAreTheComponentNamesOrTheirAnnotation() {
    String json = JsonCodec.write(new Declared(10, "m"), JsonCodec.Keys.DECLARED);
    assertThat(json).contains("\"usd_per_month\"").contains("\"modelId\"").doesNotContain("model_id");
  }

  @Test
  void sortedOutputOrdersMapEntriesByKey() {
    Map<String, Integer> counts = new java.util.LinkedHashMap<>();
    counts.put("zeta", 1);
    counts.put("alpha", 2);
    String json = JsonCodec.writeSorted(new Point("m", 1, counts));
    assertThat(json.indexOf("alpha")).isLessThan(json.indexOf("zeta"));
    assertThat(JsonCodec.write(new Point("m", 1, counts), JsonCodec.Keys.SNAKE_CASE).indexOf("zeta"))
        .isLessThan(JsonCodec.write(new Point("m", 1, counts), JsonCodec.Keys.SNAKE_CASE).indexOf("alpha"));
  }

  @Test
  void anObjectReadsAsPlainMapsAndListsInDocumentOrder() {
    Map<String, Object> m = JsonCodec.readObject("{\"z\": 1, \"a\": [1, 2.5, \"x\", null], \"o\": {\"k\": true}}");
    assertThat(m.keySet()).containsExactly("z", "a", "o");
    assertThat(m.get("a")).isEqualTo(java.util.Arrays.asList(1, 2.5, "x", null));
    assertThat(m.get("o")).isEqualTo(Map.of("k", true));
    assertThat(new String(JsonCodec.writeCompact(new TreeMap<>(Map.of("a", List.of(1L, 2L)))),
        StandardCharsets.UTF_8)).isEqualTo("{\"a\":[1,2]}");
  }

  @Test
  void textThatIsNotAnObjectIsRefusedWithTheParsersReason() {
    assertThatThrownBy(() -> JsonCodec.readObject("[1, 2]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonCodec.readObject("{\"a\": ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("end-of-input");
    assertThatThrownBy(() -> JsonCodec.read("{\"mean_ttft_ms\": \"fast\"}", Point.class, JsonCodec.Keys.SNAKE_CASE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fast");
  }

  @Test
  void aFileIsWrittenWithItsDirectoriesAndReadBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a/b/point.json");
    Point p = new Point("m", 3, Map.of());
    JsonCodec.write(file, p, JsonCodec.Keys.SNAKE_CASE);
    assertThat(Files.readString(file)).endsWith("}\n");
    assertThat(JsonCodec.read(file, Point.class, JsonCodec.Keys.SNAKE_CASE)).isEqualTo(p);
  }

  @Test
  void theSnakeCaseMapperForTheJsonLayersIsStrictAboutUnknownKeys() {
    assertThatThrownBy(() -> JsonCodec.snakeCaseMapper().readValue("{\"model_id\": \"m\", \"extra\": 1}",
        Point.class)).hasMessageContaining("extra");
  }

  @Test
  void anyValueReadsAsPlainJavaAndNoValueAtAllReadsAsNull() {
    assertThat(JsonCodec.readValue("[1, 3000000000, 12345678901234567890, 2.5, \"x\", true]"))
        .isEqualTo(List.of(1, 3_000_000_000L, new java.math.BigInteger("12345678901234567890"), 2.5, "x", true));
    assertThat(JsonCodec.readValue("\"x\"".getBytes(StandardCharsets.UTF_8))).isEqualTo("x");
    Map<String, Object> withNull = new java.util.LinkedHashMap<>();
    withNull.put("b", 1);
    withNull.put("a", null);
    assertThat(JsonCodec.readValue("{\"b\": 1, \"a\": null}")).isEqualTo(withNull);
    assertThat(JsonCodec.readValue("null")).isNull();
    assertThat(JsonCodec.readValue(" ")).isNull();
    assertThat(JsonCodec.readValue(new byte[0])).isNull();
  }

  @Test
  void textThatIsNotJsonIsRefusedWithTheParsersReasonAndItsPlaceInTheCause() {
    assertThatThrownBy(() -> JsonCodec.readValue("{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unexpected character ('n' (code 110)): was expecting double-quote to start field name")
        .cause().hasMessageContaining("line: 1, column: 2");
  }

  @Test
  void aRecordBecomesThePlainMapsItsTextWouldReadBackAs() {
    Point p = new Point("m", 2.5, Map.of("b", 2));
    Object plain = JsonCodec.toPlain(p, JsonCodec.Keys.SNAKE_CASE);
    assertThat(plain).isEqualTo(JsonCodec.readObject(JsonCodec.write(p, JsonCodec.Keys.SNAKE_CASE)));
    assertThat(List.<Object>copyOf(((Map<?, ?>) plain).keySet())).containsExactly("model_id", "mean_ttft_ms", "counts");
    assertThat(List.<Object>copyOf(((Map<?, ?>) JsonCodec.toPlain(new Declared(1, "m"), JsonCodec.Keys.DECLARED)).keySet()))
        .containsExactly("usd_per_month", "modelId");
  }
}
