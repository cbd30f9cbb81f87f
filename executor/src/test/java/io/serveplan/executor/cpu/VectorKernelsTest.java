package io.serveplan.executor.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.executor.AttentionLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every Vector API kernel against its scalar twin, on odd sizes and offsets with fresh random inputs. */
class VectorKernelsTest {

  private static final double TOLERANCE = 1e-4;

  private final SplittableRandom random = new SplittableRandom(System.nanoTime());

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 8, 9, 31, 67, 288, 1001})
  void dotMatchesScalarTwinAtOddLengthsAndOffsets(int n) {
    float[] a = randomArray(n + 5);
    float[] b = randomArray(n + 3);
    assertClose(VectorKernels.dot(a, 5, b, 3, n), ScalarKernels.dot(a, 5, b, 3, n), n);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 7, 13, 50})
  void matmulMatchesScalarTwinForEveryTokenCount(int numTokens) {
    for (int[] shape : new int[][] {{37, 23}, {64, 16}, {101, 9}, {8, 4}, {3, 5}}) {
      int inDim = shape[0];
      int outDim = shape[1];
      float[] x = randomArray(numTokens * inDim);
      float[] w = randomArray(outDim * inDim);
      float[] expected = new float[numTokens * outDim];
      float[] actual = new float[numTokens * outDim];
      ScalarKernels.matmul(expected, x, w, numTokens, inDim, outDim, 0, outDim);
      VectorKernels.matmul(actual, x, w, numTokens, inDim, outDim, 0, outDim);
      assertAllClose(actual, expected, inDim);
    }
  }

  @Test
  void matmulWritesOnlyItsRowRange() {
    int numTokens = 5;
    int inDim = 19;
    int outDim = 23;
    float[] x = randomArray(numTokens * inDim);
    float[] w = randomArray(outDim * inDim);
    float[] expected = new float[numTokens * outDim];
    float[] actual = new float[numTokens * outDim];
    ScalarKernels.matmul(expected, x, w, numTokens, inDim, outDim, 6, 17);
    VectorKernels.matmul(actual, x, w, numTokens, inDim, outDim, 6, 17);
    assertAllClose(actual, expected, inDim);
    assertThat(actual[0]).isZero();
    assertThat(actual[outDim - 1]).isZero();
  }

  @Test
  void matmulOverManyTokensSpansSeveralCacheBlocks() {
    int numTokens = 200;
    int inDim = 1001;
    int outDim = 13;
    float[] x = randomArray(numTokens * inDim);
    float[] w = randomArray(outDim * inDim);
    float[] expected = new float[numTokens * outDim];
    float[] actual = new float[numTokens * outDim];
    ScalarKernels.matmul(expected, x, w, numTokens, inDim, outDim, 0, outDim);
    VectorKernels.matmul(actual, x, w, numTokens, inDim, outDim, 0, outDim);
    assertAllClose(actual, expected, inDim);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 7, 13, 50, 200})
  void packedMatmulMatchesScalarTwinForEveryTokenAndRowCount(int numTokens) {
    int lanes = VectorKernels.F.length();
    // outDim 1..7 cover every remainder of the 3-row groups; inDim 1001-ish spans several cache blocks
    for (int[] shape : new int[][] {{lanes, 1}, {lanes, 2}, {2 * lanes, 4}, {5 * lanes, 5}, {lanes, 7},
        {9 * lanes, 23}, {125 * lanes, 13}}) {
      int inDim = shape[0];
      int outDim = shape[1];
      float[] x = randomArray(numTokens * inDim);
      float[] w = randomArray(outDim * inDim);
      float[] expected = new float[numTokens * outDim];
      ScalarKernels.matmul(expected, x, w, numTokens, inDim, outDim, 0, outDim);
      PackedMatrix packed = PackedMatrix.pack(w, outDim, inDim);
      float[] xp = new float[x.length];
      VectorKernels.packRows(xp, x, numTokens, inDim, 3);
      float[] actual = new float[numTokens * outDim];
      VectorKernels.matmulPacked(actual, xp, packed.data, numTokens, inDim, outDim, 0, packed.numGroups());
      assertAllClose(actual, expected, inDim);
    }
  }

  @Test
  void packedMatmulWritesOnlyItsGroupRange() {
    int lanes = VectorKernels.F.length();
    int numTokens = 4;
    int inDim = 3 * lanes;
    int outDim = 11;
    float[] x = randomArray(numTokens * inDim);
    float[] w = randomArray(outDim * inDim);
    float[] expected = new float[numTokens * outDim];
    ScalarKernels.matmul(expected, x, w, numTokens, inDim, outDim, 3, 9);
    float[] xp = new float[x.length];
    VectorKernels.packRows(xp, x, numTokens, inDim, 3);
    float[] actual = new float[numTokens * outDim];
    VectorKernels.matmulPacked(actual, xp, PackedMatrix.pack(w, outDim, inDim).data, numTokens, inDim, outDim, 1, 3);
    assertAllClose(actual, expected, inDim);
  }

  @Test
  void packingInterleavesRowsOneVectorAtATime() {
    int lanes = VectorKernels.F.length();
    int inDim = 2 * lanes;
    float[] w = new float[4 * inDim];
    for (int i = 0; i < w.length; i++) {
      w[i] = i;
    }
    float[] packed = PackedMatrix.pack(w, 4, inDim).data;
    // group 0 = rows 0..2: chunk 0 of rows 0, 1, 2, then chunk 1 of rows 0, 1, 2; group 1 = row 3 alone
    assertThat(packed[0]).isEqualTo(w[0]);
    assertThat(packed[lanes]).isEqualTo(w[inDim]);
    assertThat(packed[2 * lanes]).isEqualTo(w[2 * inDim]);
    assertThat(packed[3 * lanes]).isEqualTo(w[lanes]);
    assertThat(packed[3 * inDim]).isEqualTo(w[3 * inDim]);
    assertThat(packed[3 * inDim + lanes]).isEqualTo(w[3 * inDim + lanes]);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 9, 63, 288, 515})
  void rmsNormMatchesScalarTwin(int dim) {
    float[] x = randomArray(dim + 3);
    float[] weight = randomArray(dim);
    float[] expected = new float[dim + 2];
    float[] actual = new float[dim + 2];
    ScalarKernels.rmsNorm(expected, 2, x, 3, weight, dim, 1e-5f);
    VectorKernels.rmsNorm(actual, 2, x, 3, weight, dim, 1e-5f);
    assertAllClose(actual, expected, 1);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 6, 18, 64, 130})
  void ropeMatchesScalarTwin(int headDim) {
    int numHeads = 3;
    int position = 1 + random.nextInt(40);
    float[] table = io.serveplan.executor.model.RopeTable.build(50, headDim, 10000.0);
    float[] expected = randomArray(numHeads * headDim + 1);
    float[] actual = expected.clone();
    ScalarKernels.rope(expected, 1, table, position, numHeads, headDim);
    VectorKernels.rope(actual, 1, table, position, numHeads, headDim);
    assertAllClose(actual, expected, 1);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5, 8, 17, 333})
  void softmaxMatchesScalarTwinAndSumsToOne(int n) {
    float[] expected = randomArray(n + 4);
    for (int i = 0; i < expected.length; i++) {
      expected[i] *= 10;
    }
    float[] actual = expected.clone();
    ScalarKernels.softmax(expected, 4, n);
    VectorKernels.softmax(actual, 4, n);
    assertAllClose(actual, expected, 1);
    double sum = 0;
    for (int i = 4; i < 4 + n; i++) {
      sum += actual[i];
    }
    assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 8, 100, 1377})
  void siluMulAndAddMatchScalarTwins(int n) {
    float[] gate = randomArray(n + 2);
    float[] up = randomArray(n + 2);
    float[] expected = gate.clone();
    float[] actual = gate.clone();
    ScalarKernels.siluMul(expected, up, 1, n + 1);
    VectorKernels.siluMul(actual, up, 1, n + 1);
    assertAllClose(actual, expected, 1);
    ScalarKernels.add(expected, up, 2, n + 1);
    VectorKernels.add(actual, up, 2, n + 1);
    assertAllClose(actual, expected, 1);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 9, 32000, 32001})
  void argmaxMatchesScalarTwinIncludingTies(int n) {
    float[] x = randomArray(n + 1);
    int peak = random.nextInt(n);
    x[1 + peak] = 10f;
    assertThat(VectorKernels.argmax(x, 1, n)).isEqualTo(ScalarKernels.argmax(x, 1, n)).isEqualTo(peak);
    x[n] = 10f;
    assertThat(VectorKernels.argmax(x, 1, n)).isEqualTo(ScalarKernels.argmax(x, 1, n)).isEqualTo(peak);
  }

  @Test
  void pagedAttentionMatchesScalarTwinForMixedPrefillAndDecode() {
    int numHeads = 6;
    int numKvHeads = 2;
    int headDim = 18;
    int kvDim = numKvHeads * headDim;
    int blockSize = 5;
    int numBlocks = 20;
    // seq 0: 4-token prefill chunk after 3 cached tokens; seq 1: one decode token at context 12.
    AttentionLayout layout = new AttentionLayout(2, new int[] {0, 4, 5}, new int[] {7, 12},
        new int[] {3, 9, 0, 17, 4, 11}, 3, blockSize);
    float[] q = randomArray(5 * numHeads * headDim);
    float[] kPool = randomArray(numBlocks * blockSize * kvDim);
    float[] vPool = randomArray(numBlocks * blockSize * kvDim);
    float[] expected = new float[q.length];
    float[] actual = new float[q.length];
    ScalarKernels.attention(expected, q, kPool, vPool, layout, numHeads, numKvHeads, headDim, 0, 5 * numHeads, new float[12]);
    VectorKernels.attention(actual, q, kPool, vPool, layout, numHeads, numKvHeads, headDim, 0,
        VectorKernels.attentionItems(5, numKvHeads), new float[VectorKernels.attentionScratch(numHeads, 12)]);
    assertAllClose(actual, expected, 12);
  }

  @Test
  void attentionPartitionCoversEveryItemOnceWithBalancedCost() {
    // a 300-token causal prefill, a 16-token chunk after 367 cached tokens, three decodes
    AttentionLayout layout = new AttentionLayout(5, new int[] {0, 300, 316, 317, 318, 319},
        new int[] {300, 383, 40, 700, 5}, new int[5 * 48], 48, 16);
    for (int numKvHeads : new int[] {4, 3}) {
      int items = VectorKernels.attentionItems(319, numKvHeads);
      int splits = items / 319;
      long[] itemCost = new long[items];
      int t = 0;
      for (int s = 0; s < 5; s++) {
        int q = layout.queryStart()[s + 1] - layout.queryStart()[s];
        for (int j = 0; j < q; j++, t++) {
          for (int k = 0; k < splits; k++) {
            itemCost[t * splits + k] = layout.contextLen()[s] - q + j + 1;
          }
        }
      }
      long total = java.util.Arrays.stream(itemCost).sum();
      long maxItem = java.util.Arrays.stream(itemCost).max().orElseThrow();
      for (int parts : new int[] {1, 2, 3, 7}) {
        int[] bounds = new int[parts + 1];
        VectorKernels.attentionPartition(layout, numKvHeads, parts, bounds);
        assertThat(bounds[0]).isZero();
        assertThat(bounds[parts]).isEqualTo(items);
        for (int p = 0; p < parts; p++) {
          assertThat(bounds[p + 1]).isGreaterThanOrEqualTo(bounds[p]);
          long cost = 0;
          for (int i = bounds[p]; i < bounds[p + 1]; i++) {
            cost += itemCost[i];
          }
          // each part is within one item of an equal share
          assertThat((double) Math.abs(cost - total / (double) parts)).isLessThanOrEqualTo(maxItem);
        }
      }
    }
  }

  private float[] randomArray(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return a;
  }

  /** Relative error against the magnitude the summation of n terms of size ~1 can reach. */
  private static void assertClose(float actual, float expected, int n) {
    double scale = Math.max(1.0, Math.max(Math.abs(expected), Math.sqrt(n)));
    assertThat(Math.abs(actual - expected) / scale).isLessThan(TOLERANCE);
  }

  private static void assertAllClose(float[] actual, float[] expected, int n) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      double scale = Math.max(1.0, Math.max(Math.abs(expected[i]), Math.sqrt(n)));
      double err = Math.abs(actual[i] - expected[i]) / scale;
      if (err >= TOLERANCE) {
        throw new AssertionError("index " + i + ": expected " + expected[i] + " but was " + actual[i]);
      }
    }
  }
}
