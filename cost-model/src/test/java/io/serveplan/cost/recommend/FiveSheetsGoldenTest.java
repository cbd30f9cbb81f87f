package io.serveplan.cost.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serveplan.cost.capacity.CapacityOptions;
import io.serveplan.cost.capacity.CapacitySearch;
import io.serveplan.cost.price.PriceCatalog;
import io.serveplan.cost.sheet.SheetReader;
import io.serveplan.cost.sheet.WorkloadSheet;
import io.serveplan.hardware.Catalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden recommendations of the five sheets of cost-model/README.md (examples/sheets): the top five
 * options' ranking, capacity, replicas and $ per month, key by key within tolerances; prices judged
 * on 2026-11-22. {@code SERVEPLAN_UPDATE_GOLDENS=true} in the environment rewrites the expected files (say why in the
 * commit).
 */
class FiveSheetsGoldenTest {

  private static final Catalog CATALOG = Catalog.builtin();
  private static final PriceCatalog PRICES = PriceCatalog.load(Optional.empty(), LocalDate.of(2026, 11, 22));
  private static final Recommender RECOMMENDER = new Recommender(new CapacitySearch(), CapacityOptions.defaults());
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Path SHEETS = Path.of("examples", "sheets");
  private static final Path GOLDEN = Path.of("src", "test", "resources", "recommend-golden");
  private static final int TOP = 5;

  private static Recommendation recommend(String name) {
    return RECOMMENDER.recommend(SheetReader.read(SHEETS.resolve(name + ".yaml")), CATALOG, PRICES);
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat-8b", "llama70b-tp4", "moe-qwen3-30b", "rag-long-prompt", "coding-long-output"})
  void recommendationMatchesItsGoldenKeyByKey(String name) throws Exception {
    ArrayNode actual = summary(recommend(name));
    Path file = GOLDEN.resolve(name + ".expected.json");
    if (Boolean.getBoolean("serveplan.updateGoldens") || "true".equals(System.getenv("SERVEPLAN_UPDATE_GOLDENS"))) {
      Files.writeString(file, JSON.writeValueAsString(actual) + "\n");
    }
    JsonNode expected = JSON.readTree(Files.readString(file));
    assertThat(actual.size()).as(name + ": options").isEqualTo(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      JsonNode e = expected.get(i);
      JsonNode a = actual.get(i);
      String at = name + " #" + (i + 1) + " ";
      for (String key : new String[] {"operating_model", "model", "hardware", "engine", "tensor_parallel",
          "weights_dtype", "replicas"}) {
        assertThat(a.path(key).asText()).as(at + key).isEqualTo(e.path(key).asText());
      }
      if (e.has("capacity_rps")) {
        double c = e.get("capacity_rps").asDouble();
        assertThat(a.get("capacity_rps").asDouble()).as(at + "capacity_rps").isCloseTo(c, within(0.03 * c));
      }
      double usd = e.get("usd_per_month").asDouble();
      assertThat(a.get("usd_per_month").asDouble()).as(at + "usd_per_month").isCloseTo(usd, within(0.05 * usd));
    }
  }

  /**
   * The 8B chat sheet's capacity against 20,000-request runs: it holds at 0.935 × the reported
   * capacity and fails at 1.07 × (so the highest rate such a run holds lies within about ±7 % of
   * the report) and at 1.1 ×. The other four sheets: cost-model/bench/capacity-check.sh.
   */
  @Test
  void theChatSheetsCapacityMatchesTwentyThousandRequestRuns() {
    WorkloadSheet sheet = SheetReader.read(SHEETS.resolve("chat-8b.yaml"));
    Recommendation r = RECOMMENDER.recommend(sheet, CATALOG, PRICES);
    SelfHostedOption o = r.options().stream().filter(SelfHostedOption.class::isInstance)
        .map(SelfHostedOption.class::cast).findFirst().orElseThrow();
    var spec = CapacityCheck.spec(o, sheet, CATALOG);
    double c = o.gpuFleet().capacityRps();
    assertThat(CapacityCheck.attainment(spec, 0.935 * c, 20_000, CATALOG)).isGreaterThanOrEqualTo(0.95);
    assertThat(CapacityCheck.attainment(spec, 1.07 * c, 20_000, CATALOG)).isLessThan(0.95);
    assertThat(CapacityCheck.attainment(spec, 1.1 * c, 20_000, CATALOG)).isLessThan(0.95);
  }

  private static ArrayNode summary(Recommendation r) {
    ArrayNode out = JSON.createArrayNode();
    for (StackOption o : r.options().subList(0, Math.min(TOP, r.options().size()))) {
      ObjectNode n = out.addObject();
      n.put("rank", o.rank());
      n.put("operating_model", o.operatingModel());
      n.put("model", o.model());
      GpuFleet f = o.fleet().orElse(null);
      n.put("hardware", f == null ? "-" : f.hardware());
      n.put("engine", f == null ? ((HostedApiOption) o).api() : String.valueOf(f.engine().get("preset")));
      n.put("tensor_parallel", f == null ? "-" : Integer.toString(f.tensorParallel()));
      n.put("weights_dtype", f == null ? "-" : f.weightsDtype());
      n.put("replicas", f == null ? "-" : Integer.toString(f.replicas()));
      if (f != null) {
        n.put("capacity_rps", f.capacityRps());
      }
      n.put("usd_per_month", o.usdPerMonth());
    }
    return out;
  }
}
