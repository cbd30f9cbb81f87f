package io.serveplan.web.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.spec.SpecException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a sweep submission must be: points or rates named when wrong, with the spec's own problems. */
class SweepHandlerTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final RunLimits LIMITS = new RunLimits(200_000, 86_400);

  static SweepHandler handler(MemoryBudget memory) {
    return new SweepHandler(new SimulationHandler(Catalog::builtin, LIMITS, id -> Optional.empty(), List::of, memory));
  }

  static JsonNode spec(String json) throws Exception {
    return JSON.readTree(json);
  }

  static List<String> fields(SpecException e) {
    return e.errors().stream().map(FieldError::field).toList();
  }

  @Test
  void storesTheSpecWithTheDefaultTenPointsOrTheGivenRates() throws Exception {
    SweepHandler h = handler(new MemoryBudget(1L << 40));
    JsonNode whatIf = spec("{\"model\": \"llama-3.1-8b\", \"hardware\": \"h100-sxm\"}");

    JsonNode byPoints = h.accept(SweepHandler.document(whatIf, null, null));
    JsonNode byRates = h.accept(SweepHandler.document(whatIf, null, "4, 2,8.5"));

    assertThat(byPoints.get("points").asInt()).isEqualTo(10);
    assertThat(byPoints.get("what_if")).isEqualTo(whatIf);
    assertThat(byRates.get("rates").toString()).isEqualTo("[4.0,2.0,8.5]");
    assertThat(byRates.has("points")).isFalse();
  }

  @Test
  void pointsOutsideThreeToFiftyAreRefusedNamingTheField() throws Exception {
    SweepHandler h = handler(new MemoryBudget(1L << 40));
    JsonNode whatIf = spec("{\"model\": \"llama-3.1-8b\"}");
    for (String bad : List.of("2", "51", "ten", "5.5")) {
      SpecException e = catchThrowableOfType(() -> h.accept(SweepHandler.document(whatIf, bad, null)),
          SpecException.class);
      assertThat(fields(e)).as(bad).containsExactly("points");
      assertThat(e.errors().get(0).message()).contains("[3, 50]", "'" + bad + "'");
    }
  }

  @Test
  void eachBadRateIsNamedByItsIndexAlongsideTheSpecsOwnProblems() throws Exception {
    SweepHandler h = handler(new MemoryBudget(1L << 40));
    JsonNode whatIf = spec("{\"model\": \"no-such-model\"}");

    SpecException e = catchThrowableOfType(() -> h.accept(SweepHandler.document(whatIf, null, "2,-1,x,0")),
        SpecException.class);

    assertThat(fields(e)).contains("model", "rates[1]", "rates[2]", "rates[3]").doesNotContain("rates[0]");
  }

  @Test
  void pointsAndRatesTogetherAreRefused() throws Exception {
    SpecException e = catchThrowableOfType(() -> handler(new MemoryBudget(1L << 40))
        .accept(SweepHandler.document(spec("{}"), "5", "1,2")), SpecException.class);
    assertThat(fields(e)).containsExactly("points");
  }

  @Test
  void aSweepLargerThanTheMemoryBudgetIsRefusedAsTooLarge() throws Exception {
    RunTooLargeException e = catchThrowableOfType(() -> handler(new MemoryBudget(1L << 20))
        .accept(SweepHandler.document(spec("{\"hardware\": \"h200\"}"), "5", null)), RunTooLargeException.class);
    assertThat(fields(e)).containsExactly("hardware");
    assertThat(e.errors().get(0).message()).contains("memory budget");
  }
}
