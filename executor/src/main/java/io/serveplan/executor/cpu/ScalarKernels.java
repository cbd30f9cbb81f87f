package io.serveplan.executor.cpu;

import io.serveplan.executor.AttentionLayout;

/**
 * The scalar twin of every CPU kernel: plain loops in the order the math is written, no threads,
 * no vectors. It is the oracle the Vector API kernels ({@link VectorKernels}) and the other
 * backends are tested against, and the body of {@link ReferenceBackend}. Accumulation is in float,
 * as in the vector kernels, so differences come only from summation order.
 *
 * <p>Arrays are addressed with explicit offsets; ranges are half-open {@code [from, to)}.
 */
final class ScalarKernels {

  private ScalarKernels() {}

  static float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
    float sum = 0f;
    for (int i = 0; i < n; i++) {
      sum += a[aOffset + i] * b[bOffset + i];
    }
    return sum;
  }

  /** out[t][o] = Σ_i x[t][i] · w[o][i] for o in [rowFrom, rowTo), all t < numTokens. */
  static void matmul(float[] out, float[] x, float[] w, int numTokens, int inDim, int outDim, int rowFrom, int rowTo) {
    for (int t = 0; t < numTokens; t++) {
      for (int o = rowFrom; o < rowTo; o++) {
        out[t * outDim + o] = dot(x, t * inDim, w, o * inDim, inDim);
      }
    }
  }

  /** out[off..off+dim) = x[off..) / rms(x) · weight. */
  static void rmsNorm(float[] out, int outOffset, float[] x, int xOffset, float[] weight, int dim, float eps) {
    float ss = 0f;
    for (int i = 0; i < dim; i++) {
      ss += x[xOffset + i] * x[xOffset + i];
    }
    float inv = (float) (1.0 / Math.sqrt(ss / dim + eps));
    for (int i = 0; i < dim; i++) {
      out[outOffset + i] = x[xOffset + i] * inv * weight[i];
    }
  }

  /** Rotates every head of one token in place; table row = cos[half] then sin[half]. */
  static void rope(float[] x, int xOffset, float[] table, int position, int numHeads, int headDim) {
    int half = headDim / 2;
    int row = position * headDim;
    for (int h = 0; h < numHeads; h++) {
      int base = xOffset + h * headDim;
      for (int i = 0; i < half; i++) {
        float cos = table[row + i];
        float sin = table[row + half + i];
        float x0 = x[base + i];
        float x1 = x[base + half + i];
        x[base + i] = x0 * cos - x1 * sin;
        x[base + half + i] = x0 * sin + x1 * cos;
      }
    }
  }

  /** Numerically stable softmax in place over x[off, off + n). */
  static void softmax(float[] x, int offset, int n) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, x[offset + i]);
    }
    float sum = 0f;
    for (int i = 0; i < n; i++) {
      float e = (float) Math.exp(x[offset + i] - max);
      x[offset + i] = e;
      sum += e;
    }
    float inv = 1f / sum;
    for (int i = 0; i < n; i++) {
      x[offset + i] *= inv;
    }
  }

  static void siluMul(float[] gate, float[] up, int from, int to) {
    for (int i = from; i < to; i++) {
      float g = gate[i];
      gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
    }
  }

  static void add(float[] x, float[] delta, int from, int to) {
    for (int i = from; i < to; i++) {
      x[i] += delta[i];
    }
  }

  static int argmax(float[] x, int offset, int n) {
    int best = 0;
    float bestValue = x[offset];
    for (int i = 1; i < n; i++) {
      if (x[offset + i] > bestValue) {
        bestValue = x[offset + i];
        best = i;
      }
    }
    return best;
  }

  /**
   * Paged causal attention for work items [itemFrom, itemTo), item = token · numHeads + head.
   * scores must hold at least the longest context.
   */
  static void attention(float[] out, float[] q, float[] kPool, float[] vPool, AttentionLayout layout,
      int numHeads, int numKvHeads, int headDim, int itemFrom, int itemTo, float[] scores) {
    int kvDim = numKvHeads * headDim;
    int groupSize = numHeads / numKvHeads;
    float scale = (float) (1.0 / Math.sqrt(headDim));
    int blockSize = layout.blockSize();
    for (int item = itemFrom; item < itemTo; item++) {
      int t = item / numHeads;
      int h = item % numHeads;
      int s = sequenceOf(layout, t);
      int numQueries = layout.queryStart()[s + 1] - layout.queryStart()[s];
      int position = layout.contextLen()[s] - numQueries + (t - layout.queryStart()[s]);
      int tableRow = s * layout.maxBlocksPerSeq();
      int qOffset = t * numHeads * headDim + h * headDim;
      int kvOffset = (h / groupSize) * headDim;
      // attn scores: q · k_p / sqrt(d) for every p <= position
      for (int p = 0; p <= position; p++) {
        int slot = layout.blockTables()[tableRow + p / blockSize] * blockSize + p % blockSize;
        scores[p] = dot(q, qOffset, kPool, slot * kvDim + kvOffset, headDim) * scale;
      }
      softmax(scores, 0, position + 1);
      // attn output: Σ_p w_p · v_p
      int outOffset = qOffset;
      for (int i = 0; i < headDim; i++) {
        out[outOffset + i] = 0f;
      }
      for (int p = 0; p <= position; p++) {
        int slot = layout.blockTables()[tableRow + p / blockSize] * blockSize + p % blockSize;
        int vOffset = slot * kvDim + kvOffset;
        float weight = scores[p];
        for (int i = 0; i < headDim; i++) {
          out[outOffset + i] += weight * vPool[vOffset + i];
        }
      }
    }
  }

  /** The sequence whose queries include batch token t (binary search over queryStart). */
  static int sequenceOf(AttentionLayout layout, int t) {
    int[] starts = layout.queryStart();
    int lo = 0;
    int hi = layout.numSeqs() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= t) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }
}
