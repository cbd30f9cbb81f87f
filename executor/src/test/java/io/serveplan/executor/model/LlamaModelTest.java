package io.serveplan.executor.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.executor.Backend;
import io.serveplan.executor.cpu.CpuBackend;
import io.serveplan.executor.cpu.ReferenceBackend;
import io.serveplan.hardware.Operator;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LlamaModelTest {

  private static final ModelConfig CONFIG = new ModelConfig(24, 40, 2, 4, 2, 6, 50, 64, 10000f, 1e-5f, false);
  private static final int BLOCK_SIZE = 4;
  private static final int[] PROMPT = {3, 17, 42, 8, 8, 1, 0, 49, 23, 5, 11, 30, 2};

  private final ModelWeights weights = ModelWeights.random(CONFIG, 5);

  @Test
  void prefixCacheHitGivesTheSameLogitsAsComputingEveryToken() {
    try (Backend backend = new CpuBackend(2); LlamaModel model = new LlamaModel(backend, weights, 16, BLOCK_SIZE, 64)) {
      ForwardBatch batch = new ForwardBatch(BLOCK_SIZE, 8);
      int[] sampled = new int[4];
      long[] ns = new long[Operator.values().length];

      // Without a hit: all 13 tokens computed in one prefill, blocks 3, 1, 5, 9.
      batch.addSequence(PROMPT, 0, PROMPT.length, new int[] {3, 1, 5, 9}, true);
      model.forward(batch, sampled, ns);
      float[] full = model.lastLogits(1);
      int fullToken = sampled[0];

      // A second request with the same first 8 tokens: the block manager hands it the cached
      // blocks 3 and 1 and new blocks 12, 7; only tokens 8..12 are computed.
      batch.clear();
      batch.addSequence(PROMPT, 8, PROMPT.length - 8, new int[] {3, 1, 12, 7}, true);
      assertThat(batch.numTokens()).isEqualTo(5);
      model.forward(batch, sampled, ns);
      float[] withHit = model.lastLogits(1);

      assertClose(withHit, full);
      assertThat(sampled[0]).isEqualTo(fullToken);
    }
  }

  @Test
  void chunkedPrefillAndDecodeMatchOneFullPrefill() {
    try (Backend backend = new CpuBackend(2); LlamaModel model = new LlamaModel(backend, weights, 16, BLOCK_SIZE, 64)) {
      ForwardBatch batch = new ForwardBatch(BLOCK_SIZE, 8);
      int[] sampled = new int[4];
      long[] ns = new long[Operator.values().length];
      int[] table = {0, 2, 4, 6};
      batch.addSequence(PROMPT, 0, PROMPT.length, table, true);
      model.forward(batch, sampled, ns);
      float[] full = model.lastLogits(1);

      // Same prompt in another sequence: chunk of 7, then chunk of 5, then one decode token,
      // batched beside a sequence that is unrelated.
      int[] other = {1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31};
      int[] table2 = {8, 10, 12, 14};
      batch.clear();
      batch.addSequence(PROMPT, 0, 7, table2, false);
      batch.addSequence(other, 0, 10, new int[] {1, 3, 5}, true);
      model.forward(batch, sampled, ns);
      batch.clear();
      batch.addSequence(other, 10, 1, new int[] {1, 3, 5}, true);
      batch.addSequence(PROMPT, 7, 5, table2, false);
      model.forward(batch, sampled, ns);
      batch.clear();
      batch.addSequence(PROMPT, 12, 1, table2, true);
      model.forward(batch, sampled, ns);

      assertClose(model.lastLogits(1), full);
      assertThat(Arrays.stream(ns).sum()).isPositive();
      assertThat(ns[Operator.ATTN.ordinal()]).isPositive();
    }
  }

  @Test
  void vectorBackendForwardMatchesTheScalarReference() {
    float[][] logits = new float[2][];
    Backend[] backends = {new ReferenceBackend(), new CpuBackend(2)};
    for (int i = 0; i < 2; i++) {
      try (Backend backend = backends[i]; LlamaModel model = new LlamaModel(backend, weights, 16, BLOCK_SIZE, 64)) {
        ForwardBatch batch = new ForwardBatch(BLOCK_SIZE, 8);
        batch.addSequence(PROMPT, 0, PROMPT.length, new int[] {0, 1, 2, 3}, true);
        batch.addSequence(new int[] {4, 4, 4}, 0, 3, new int[] {5}, true);
        model.forward(batch, new int[2], new long[Operator.values().length]);
        logits[i] = model.lastLogits(2);
      }
    }
    assertClose(logits[1], logits[0]);
  }

  private static void assertClose(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      double scale = Math.max(1e-2, Math.abs(expected[i]));
      assertThat(Math.abs(actual[i] - expected[i]) / scale).as("logit %d: %s vs %s", i, actual[i], expected[i]).isLessThan(1e-3);
    }
  }
}
