package io.serveplan.executor.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.serveplan.executor.Backend;
import io.serveplan.executor.cpu.CpuBackend;
import io.serveplan.executor.model.ForwardBatch;
import io.serveplan.executor.model.LlamaModel;
import io.serveplan.executor.model.ModelConfig;
import io.serveplan.executor.model.ModelWeights;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.Operator;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A whole forward pass of stories-15m (random weights) on the GPU against the CPU backend. */
@Tag("gpu")
class CudaForwardTest {

  @Test
  void cudaForwardMatchesTheCpuBackendsLogitsOnStories15m() {
    Optional<String> reason = CudaBackend.unavailableReason();
    assumeTrue(reason.isEmpty(), () -> "CUDA is not available: " + reason.orElse(""));
    ModelConfig config = ModelConfig.fromCatalog(Catalog.builtin().model("stories-15m"));
    ModelWeights weights = ModelWeights.random(config, 11);
    int[] prompt = {1, 403, 1113, 727, 263, 931, 29892, 727, 471, 263, 2217, 7826, 4257};
    float[][] logits = new float[2][];
    Backend[] backends = {new CpuBackend(2), new CudaBackend()};
    for (int i = 0; i < 2; i++) {
      try (Backend backend = backends[i]; LlamaModel model = new LlamaModel(backend, weights, 16, 16, 64)) {
        ForwardBatch batch = new ForwardBatch(16, 8);
        batch.addSequence(prompt, 0, prompt.length, new int[] {0}, true);
        model.forward(batch, new int[1], new long[Operator.values().length]);
        logits[i] = model.lastLogits(1);
      }
    }
    int argmaxCpu = 0;
    int argmaxGpu = 0;
    double maxAbs = 0;
    for (int v = 0; v < logits[0].length; v++) {
      argmaxCpu = logits[0][v] > logits[0][argmaxCpu] ? v : argmaxCpu;
      argmaxGpu = logits[1][v] > logits[1][argmaxGpu] ? v : argmaxGpu;
      maxAbs = Math.max(maxAbs, Math.abs(logits[0][v]));
    }
    for (int v = 0; v < logits[0].length; v++) {
      // bf16 weights: errors of a few 1e-3 relative to the logit scale
      assertThat(Math.abs(logits[1][v] - logits[0][v]) / Math.max(1.0, maxAbs))
          .as("logit %d", v).isLessThan(3e-2);
    }
    assertThat(argmaxGpu).isEqualTo(argmaxCpu);
  }
}
