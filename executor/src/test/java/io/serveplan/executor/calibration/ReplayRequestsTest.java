package io.serveplan.executor.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.executor.engine.EngineRequest;
import io.serveplan.executor.model.ModelConfig;
import io.serveplan.hardware.Catalog;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayRequestsTest {

  @Test
  void noReplayRequestIsLongerThanTheModelsContext() {
    for (String id : new String[] {"stories-15m", "stories-42m", "stories-110m"}) {
      ModelConfig config = ModelConfig.fromCatalog(Catalog.builtin().model(id));
      List<EngineRequest> requests = Calibrator.replayRequests(42, config);
      assertThat(requests).hasSize(24);
      for (EngineRequest r : requests) {
        assertThat(r.promptTokenIds().length + r.numOutputTokens()).as(id).isLessThanOrEqualTo(config.maxPositions());
      }
    }
  }

  @Test
  void aModelWithALongContextKeepsTheFullPromptRange() {
    ModelConfig config = ModelConfig.fromCatalog(Catalog.builtin().model("llama-3.1-8b"));
    int longest = Calibrator.replayRequests(42, config).stream().mapToInt(r -> r.promptTokenIds().length).max()
        .orElseThrow();
    assertThat(longest).isGreaterThan(256).isLessThanOrEqualTo(400);
  }
}
