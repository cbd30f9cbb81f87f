package io.serveplan.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.executor.cpu.ReferenceBackend;
import io.serveplan.executor.model.RopeTable;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One test for every backend: each {@link Backend} operator against the scalar
 * {@link ReferenceBackend}, through the interface, on odd sizes with fresh seeded random inputs.
 * A backend's test extends this class and says how to open it (the CUDA one skips with a reason
 * when no device is present).
 */
public abstract class BackendConformanceTest {

  private static final double TOLERANCE = 2e-4;

  protected Backend backend;
  private Backend reference;
  private final long seed = System.nanoTime();
  private final SplittableRandom random = new SplittableRandom(seed);

  /** Opens the backend under test. */
  protected abstract Backend openBackend();

  /**
   * Relative tolerance against the fp32 reference. A backend that multiplies in bf16 (the CUDA
   * one: 8 mantissa bits) overrides it with a bf16-level tolerance.
   */
  protected double tolerance() {
    return TOLERANCE;
  }

  @BeforeEach
  void open() {
    backend = openBackend();
    reference = new ReferenceBackend();
  }

  @AfterEach
  void close() {
    if (backend != null) { // null when the backend skipped (no device)
      backend.close();
    }
    if (reference != null) {
      reference.close();
    }
  }

  @Test
  void matmulMatchesReferenceForDecodeAndPrefillShapes() {
    for (int[] shape : new int[][] {{1, 67, 45}, {3, 64, 64}, {17, 101, 99}, {64, 288, 130}, {2, 32, 7}, {100, 768, 50}}) {
      int numTokens = shape[0];
      int inDim = shape[1];
      int outDim = shape[2];
      float[] x = randomArray(numTokens * inDim);
      float[] w = randomArray(outDim * inDim);
      float[] expected = run(reference, x, w, numTokens, inDim, outDim);
      float[] actual = run(backend, x, w, numTokens, inDim, outDim);
      assertAllClose("matmul " + numTokens + "x" + inDim + "x" + outDim, actual, expected, inDim);
      float[] viaWeight = runWithWeight(backend, x, w, numTokens, inDim, outDim);
      assertAllClose("matmul (uploadWeight) " + numTokens + "x" + inDim + "x" + outDim, viaWeight, expected, inDim);
    }
  }

  private static float[] runWithWeight(Backend b, float[] x, float[] w, int numTokens, int inDim, int outDim) {
    DeviceBuffer dx = upload(b, x);
    DeviceBuffer dw = b.uploadWeight(w, outDim, inDim);
    DeviceBuffer out = b.allocate((long) numTokens * outDim);
    b.matmul(out, dx, dw, numTokens, inDim, outDim);
    return download(b, out);
  }

  private static float[] run(Backend b, float[] x, float[] w, int numTokens, int inDim, int outDim) {
    DeviceBuffer dx = upload(b, x);
    DeviceBuffer dw = upload(b, w);
    DeviceBuffer out = b.allocate((long) numTokens * outDim);
    b.matmul(out, dx, dw, numTokens, inDim, outDim);
    return download(b, out);
  }

  @Test
  void elementwiseOperatorsMatchReference() {
    int numTokens = 5;
    int numHeads = 3;
    int headDim = 18;
    int dim = numHeads * headDim;
    float[] x = randomArray(numTokens * dim);
    float[] y = randomArray(numTokens * dim);
    float[] weight = randomArray(dim);
    float[] table = RopeTable.build(40, headDim, 10000.0);
    int[] positions = {0, 3, 39, 7, 12};
    float[] expected = null;
    for (Backend b : new Backend[] {reference, backend}) {
      DeviceBuffer dx = upload(b, x);
      DeviceBuffer dy = upload(b, y);
      DeviceBuffer dnorm = b.allocate(x.length);
      b.rmsNorm(dnorm, dx, upload(b, weight), numTokens, dim, 1e-5f);
      b.rope(dnorm, upload(b, table), positions, numTokens, numHeads, headDim);
      b.siluMul(dnorm, dy, numTokens * dim - 1);
      b.add(dnorm, dx, numTokens * dim - 2);
      b.synchronize();
      float[] result = download(b, dnorm);
      if (b == reference) {
        expected = result;
      } else {
        assertAllClose("rmsnorm+rope+silu+add", result, expected, 1);
      }
    }
  }

  @Test
  void embedGatherAndArgmaxMatchReference() {
    int vocab = 37;
    int dim = 11;
    float[] table = randomArray(vocab * dim);
    int[] tokens = {5, 0, 36, 5};
    int[][] results = new int[2][];
    Backend[] backends = {reference, backend};
    for (int i = 0; i < 2; i++) {
      Backend b = backends[i];
      DeviceBuffer emb = b.allocate(tokens.length * dim);
      b.embed(emb, upload(b, table), tokens, tokens.length, dim);
      DeviceBuffer picked = b.allocate(2 * dim);
      b.gatherRows(picked, emb, new int[] {2, 0}, 2, dim);
      float[] host = download(b, picked);
      assertThat(host[0]).isEqualTo(table[36 * dim]);
      assertThat(host[dim]).isEqualTo(table[5 * dim]);
      results[i] = new int[2];
      b.argmax(picked, 2, dim, results[i]);
    }
    assertThat(results[1]).containsExactly(results[0]);
  }

  @Test
  void pagedAttentionMatchesContiguousReference() {
    int numHeads = 4;
    int numKvHeads = 2;
    int headDim = 10;
    int kvDim = numKvHeads * headDim;
    int blockSize = 4;
    int numBlocks = 16;
    // seq 0: prefill of 6 tokens (no cache), seq 1: decode at context 9, seq 2: chunk of 3 after 5 cached.
    int[] queryStart = {0, 6, 7, 10};
    int[] contextLen = {6, 9, 8};
    int maxBlocks = 3;
    int[] tables = {7, 2, 0, 11, 3, 14, 5, 1, 0};
    int[] numQueries = {6, 1, 3};
    int numTokens = 10;
    // Contiguous per-sequence K/V (the "reference" layout), scattered into the pools by block table.
    float[][] kSeq = new float[3][];
    float[][] vSeq = new float[3][];
    float[] kPool = new float[numBlocks * blockSize * kvDim];
    float[] vPool = new float[numBlocks * blockSize * kvDim];
    for (int s = 0; s < 3; s++) {
      kSeq[s] = randomArray(contextLen[s] * kvDim);
      vSeq[s] = randomArray(contextLen[s] * kvDim);
      for (int p = 0; p < contextLen[s]; p++) {
        int slot = tables[s * maxBlocks + p / blockSize] * blockSize + p % blockSize;
        System.arraycopy(kSeq[s], p * kvDim, kPool, slot * kvDim, kvDim);
        System.arraycopy(vSeq[s], p * kvDim, vPool, slot * kvDim, kvDim);
      }
    }
    float[] q = randomArray(numTokens * numHeads * headDim);
    float[] expected = new float[q.length];
    for (int s = 0; s < 3; s++) {
      for (int j = 0; j < numQueries[s]; j++) {
        int t = queryStart[s] + j;
        int position = contextLen[s] - numQueries[s] + j;
        for (int h = 0; h < numHeads; h++) {
          int g = h / (numHeads / numKvHeads);
          double[] w = new double[position + 1];
          double max = Double.NEGATIVE_INFINITY;
          for (int p = 0; p <= position; p++) {
            double dot = 0;
            for (int i = 0; i < headDim; i++) {
              dot += q[(t * numHeads + h) * headDim + i] * kSeq[s][p * kvDim + g * headDim + i];
            }
            w[p] = dot / Math.sqrt(headDim);
            max = Math.max(max, w[p]);
          }
          double sum = 0;
          for (int p = 0; p <= position; p++) {
            w[p] = Math.exp(w[p] - max);
            sum += w[p];
          }
          for (int i = 0; i < headDim; i++) {
            double acc = 0;
            for (int p = 0; p <= position; p++) {
              acc += w[p] / sum * vSeq[s][p * kvDim + g * headDim + i];
            }
            expected[(t * numHeads + h) * headDim + i] = (float) acc;
          }
        }
      }
    }
    AttentionLayout layout = new AttentionLayout(3, queryStart, contextLen, tables, maxBlocks, blockSize);
    DeviceBuffer out = backend.allocate(q.length);
    backend.attention(out, upload(backend, q), upload(backend, kPool), upload(backend, vPool), layout,
        numHeads, numKvHeads, headDim);
    assertAllClose("paged attention", download(backend, out), expected, 1);
  }

  @Test
  void kvWriteStoresEachTokenAtItsSlot() {
    int kvDim = 6;
    float[] k = randomArray(3 * kvDim);
    float[] v = randomArray(3 * kvDim);
    DeviceBuffer kPool = backend.allocate(10 * kvDim);
    DeviceBuffer vPool = backend.allocate(10 * kvDim);
    backend.kvWrite(kPool, vPool, upload(backend, k), upload(backend, v), new int[] {9, 0, 4}, 3, kvDim);
    float[] kHost = download(backend, kPool);
    float[] vHost = download(backend, vPool);
    for (int i = 0; i < kvDim; i++) {
      assertThat(kHost[9 * kvDim + i]).isEqualTo(k[i]);
      assertThat(kHost[i]).isEqualTo(k[kvDim + i]);
      assertThat(vHost[4 * kvDim + i]).isEqualTo(v[2 * kvDim + i]);
      assertThat(kHost[5 * kvDim + i]).isZero();
    }
  }

  protected static DeviceBuffer upload(Backend b, float[] host) {
    DeviceBuffer d = b.allocate(host.length);
    b.upload(d, 0, host, 0, host.length);
    return d;
  }

  protected static float[] download(Backend b, DeviceBuffer d) {
    float[] host = new float[Math.toIntExact(d.numFloats())];
    b.download(d, 0, host, 0, host.length);
    return host;
  }

  private float[] randomArray(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return a;
  }

  private void assertAllClose(String what, float[] actual, float[] expected, int n) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      double scale = Math.max(1.0, Math.max(Math.abs(expected[i]), Math.sqrt(n)));
      if (Math.abs(actual[i] - expected[i]) / scale >= tolerance()) {
        throw new AssertionError(what + " (seed " + seed + ") index " + i + ": expected " + expected[i]
            + " but was " + actual[i]);
      }
    }
  }
}
