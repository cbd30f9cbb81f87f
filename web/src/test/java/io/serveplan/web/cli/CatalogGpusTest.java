package io.serveplan.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.serveplan.hardware.Catalog;
import org.junit.jupiter.api.Test;

/** {@code catalog gpus}: the memory planning uses and its origin, beside the unchanged keys. */
class CatalogGpusTest {

  private static JsonNode row(ArrayNode rows, String id) {
    for (JsonNode r : rows) {
      if (r.path("id").asText().equals(id)) {
        return r;
      }
    }
    throw new AssertionError("no row " + id);
  }

  @Test
  void showsRuntimeReportedPlanningMemoryWhereCitedAndTheDatasheetElsewhere() {
    ArrayNode rows = CatalogCommand.gpus(Catalog.builtin());
    JsonNode h20 = row(rows, "h20");
    assertThat(h20.path("memory_gb").asDouble()).isEqualTo(96);
    assertThat(h20.path("memory_runtime_bytes").asLong()).isEqualTo(97871L << 20);
    assertThat(h20.path("memory_planning_bytes").asLong()).isEqualTo(97871L << 20);
    assertThat(h20.path("memory_planning_gb").asDouble()).isEqualTo(102.63);
    assertThat(h20.path("memory_origin").asText()).isEqualTo("runtime");
    assertThat(h20.path("memory_runtime_source").asText()).contains("NVIDIA/nvtrust issue 128");

    JsonNode b300 = row(rows, "b300");
    assertThat(b300.path("memory_planning_bytes").asLong()).isEqualTo(288_000_000_000L);
    assertThat(b300.path("memory_origin").asText()).isEqualTo("datasheet");
    assertThat(b300.path("memory_runtime_bytes").asLong()).isZero();
    // the keys that were there before stay
    assertThat(b300.has("memory_bandwidth_gbps") && b300.has("scale_up_domain_gpus") && b300.has("notes")).isTrue();
  }
}
