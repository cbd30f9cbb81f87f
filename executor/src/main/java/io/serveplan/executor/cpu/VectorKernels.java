package io.serveplan.executor.cpu;

import io.serveplan.executor.AttentionLayout;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The CPU kernels with the Java Vector API (fused multiply-add on the preferred species: 8 floats
 * with AVX2). Each method has a twin of the same name in {@link ScalarKernels}, its test oracle;
 * results differ only by summation order. Single-threaded: {@link CpuBackend} splits work into
 * ranges across its pool.
 */
final class VectorKernels {

  static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();

  /**
   * Tokens per cache block of the matmul: enough that the weight rows loaded into L1 are reused
   * across many tokens, few enough that the block of x ({@code tokens × inDim} floats) stays in a
   * 512 KiB L2.
   */
  private static final int X_BLOCK_BYTES = 192 * 1024;

  private VectorKernels() {}

  static float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
    FloatVector acc0 = FloatVector.zero(F);
    FloatVector acc1 = FloatVector.zero(F);
    int upper2 = n - n % (2 * L);
    int i = 0;
    for (; i < upper2; i += 2 * L) {
      acc0 = FloatVector.fromArray(F, a, aOffset + i).fma(FloatVector.fromArray(F, b, bOffset + i), acc0);
      acc1 = FloatVector.fromArray(F, a, aOffset + i + L).fma(FloatVector.fromArray(F, b, bOffset + i + L), acc1);
    }
    int upper = n - n % L;
    for (; i < upper; i += L) {
      acc0 = FloatVector.fromArray(F, a, aOffset + i).fma(FloatVector.fromArray(F, b, bOffset + i), acc0);
    }
    float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      sum += a[aOffset + i] * b[bOffset + i];
    }
    return sum;
  }

  /**
   * out[t][o] = Σ_i x[t][i] · w[o][i] for o in [rowFrom, rowTo), all t < numTokens.
   *
   * <pre>
   *   for each block of tokens (x block fits L2)
   *     for each group of 4 weight rows            (4 rows of w stay in L1)
   *       for each group of 3 tokens: 4×3 tile     (12 accumulators, 7 loads per 12 FMAs)
   *       leftover tokens:            4×1 tile
   *   leftover rows: one dot product each
   * </pre>
   * Decode (numTokens = 1) runs the 4×1 tile: each weight element is loaded once, so it is bound
   * by memory bandwidth; prefill runs the 4×3 tile, bound by FMA throughput.
   */
  static void matmul(float[] out, float[] x, float[] w, int numTokens, int inDim, int outDim, int rowFrom, int rowTo) {
    int tokenBlock = Math.max(3, (X_BLOCK_BYTES / (4 * inDim)) / 3 * 3);
    int rowGroupsEnd = rowFrom + (rowTo - rowFrom) / 4 * 4;
    for (int t0 = 0; t0 < numTokens; t0 += tokenBlock) {
      int t1 = Math.min(numTokens, t0 + tokenBlock);
      int tripleEnd = t0 + (t1 - t0) / 3 * 3;
      for (int o = rowFrom; o < rowGroupsEnd; o += 4) {
        int t = t0;
        for (; t < tripleEnd; t += 3) {
          tile4x3(out, x, w, t, o, inDim, outDim);
        }
        for (; t < t1; t++) {
          tile4x1(out, x, w, t, o, inDim, outDim);
        }
      }
      for (int o = rowGroupsEnd; o < rowTo; o++) {
        for (int t = t0; t < t1; t++) {
          out[t * outDim + o] = dot(x, t * inDim, w, o * inDim, inDim);
        }
      }
    }
  }

  /**
   * Interleaves rows in groups of {@code group} (the last group may be smaller), one vector at a
   * time: the layout of {@link PackedMatrix}, used for weights (once) and for a prefill's
   * activations (per matmul). {@code inDim} must be a multiple of the vector length.
   */
  static void packRows(float[] dst, float[] src, int rows, int inDim, int group) {
    for (int g0 = 0; g0 < rows; g0 += group) {
      int size = Math.min(group, rows - g0);
      int base = g0 * inDim;
      for (int r = 0; r < size; r++) {
        int from = (g0 + r) * inDim;
        for (int c = 0, to = base + r * L; c < inDim; c += L, to += size * L) {
          System.arraycopy(src, from + c, dst, to, L);
        }
      }
    }
  }

  /**
   * out[t][o] = Σ_i x[t][i] · w[o][i] for the rows of weight groups [groupFrom, groupTo), all
   * t < numTokens, with w packed ({@link PackedMatrix}) and x packed the same way in groups of
   * three tokens ({@link #packRows}; with one token the plain row is its packing).
   *
   * <pre>
   *   for each block of tokens (x block fits L2)
   *     for each weight group of 3 rows (3 interleaved rows stay in L1)
   *       for each group of up to 3 tokens: 3×3, 3×2 or 3×1 tile (one index, constant offsets)
   * </pre>
   * The 3×3 tile holds 9 accumulators and 6 loaded vectors, inside AVX2's 16 registers (a 4×3 tile
   * needs 19, and C2 spills three accumulators to the stack).
   */
  static void matmulPacked(float[] out, float[] xp, float[] wp, int numTokens, int inDim, int outDim,
      int groupFrom, int groupTo) {
    int tokenBlock = Math.max(3, (X_BLOCK_BYTES / (4 * inDim)) / 3 * 3);
    for (int t0 = 0; t0 < numTokens; t0 += tokenBlock) {
      int t1 = Math.min(numTokens, t0 + tokenBlock);
      for (int g = groupFrom; g < groupTo; g++) {
        int o = g * PackedMatrix.GROUP_ROWS;
        int rows = Math.min(PackedMatrix.GROUP_ROWS, outDim - o);
        int wb = o * inDim;
        for (int t = t0; t < t1; t += 3) {
          int tokens = Math.min(3, numTokens - t);
          int xb = t * inDim;
          if (rows == 3 && tokens == 3) {
            packed3x3(out, xp, xb, wp, wb, t, o, inDim, outDim);
          } else if (rows == 3 && tokens == 2) {
            packed3x2(out, xp, xb, wp, wb, t, o, inDim, outDim);
          } else if (rows == 3 && tokens == 1) {
            packed3x1(out, xp, xb, wp, wb, t, o, inDim, outDim);
          } else {
            packedSmall(out, xp, xb, tokens, wp, wb, rows, t, o, inDim, outDim);
          }
        }
      }
    }
  }

  private static void packed3x3(float[] out, float[] xp, int xb, float[] wp, int wb, int t, int o,
      int inDim, int outDim) {
    FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a02 = FloatVector.zero(F);
    FloatVector a10 = FloatVector.zero(F), a11 = FloatVector.zero(F), a12 = FloatVector.zero(F);
    FloatVector a20 = FloatVector.zero(F), a21 = FloatVector.zero(F), a22 = FloatVector.zero(F);
    int end = wb + 3 * inDim;
    for (int wi = wb, xi = xb; wi < end; wi += 3 * L, xi += 3 * L) {
      FloatVector x0 = FloatVector.fromArray(F, xp, xi);
      FloatVector x1 = FloatVector.fromArray(F, xp, xi + L);
      FloatVector x2 = FloatVector.fromArray(F, xp, xi + 2 * L);
      FloatVector w = FloatVector.fromArray(F, wp, wi);
      a00 = w.fma(x0, a00);
      a01 = w.fma(x1, a01);
      a02 = w.fma(x2, a02);
      w = FloatVector.fromArray(F, wp, wi + L);
      a10 = w.fma(x0, a10);
      a11 = w.fma(x1, a11);
      a12 = w.fma(x2, a12);
      w = FloatVector.fromArray(F, wp, wi + 2 * L);
      a20 = w.fma(x0, a20);
      a21 = w.fma(x1, a21);
      a22 = w.fma(x2, a22);
    }
    int r0 = t * outDim + o;
    int r1 = r0 + outDim;
    int r2 = r1 + outDim;
    out[r0] = a00.reduceLanes(VectorOperators.ADD);
    out[r0 + 1] = a10.reduceLanes(VectorOperators.ADD);
    out[r0 + 2] = a20.reduceLanes(VectorOperators.ADD);
    out[r1] = a01.reduceLanes(VectorOperators.ADD);
    out[r1 + 1] = a11.reduceLanes(VectorOperators.ADD);
    out[r1 + 2] = a21.reduceLanes(VectorOperators.ADD);
    out[r2] = a02.reduceLanes(VectorOperators.ADD);
    out[r2 + 1] = a12.reduceLanes(VectorOperators.ADD);
    out[r2 + 2] = a22.reduceLanes(VectorOperators.ADD);
  }

  private static void packed3x2(float[] out, float[] xp, int xb, float[] wp, int wb, int t, int o,
      int inDim, int outDim) {
    FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F);
    FloatVector a10 = FloatVector.zero(F), a11 = FloatVector.zero(F);
    FloatVector a20 = FloatVector.zero(F), a21 = FloatVector.zero(F);
    int end = wb + 3 * inDim;
    for (int wi = wb, xi = xb; wi < end; wi += 3 * L, xi += 2 * L) {
      FloatVector x0 = FloatVector.fromArray(F, xp, xi);
      FloatVector x1 = FloatVector.fromArray(F, xp, xi + L);
      FloatVector w = FloatVector.fromArray(F, wp, wi);
      a00 = w.fma(x0, a00);
      a01 = w.fma(x1, a01);
      w = FloatVector.fromArray(F, wp, wi + L);
      a10 = w.fma(x0, a10);
      a11 = w.fma(x1, a11);
      w = FloatVector.fromArray(F, wp, wi + 2 * L);
      a20 = w.fma(x0, a20);
      a21 = w.fma(x1, a21);
    }
    int r0 = t * outDim + o;
    int r1 = r0 + outDim;
    out[r0] = a00.reduceLanes(VectorOperators.ADD);
    out[r0 + 1] = a10.reduceLanes(VectorOperators.ADD);
    out[r0 + 2] = a20.reduceLanes(VectorOperators.ADD);
    out[r1] = a01.reduceLanes(VectorOperators.ADD);
    out[r1 + 1] = a11.reduceLanes(VectorOperators.ADD);
    out[r1 + 2] = a21.reduceLanes(VectorOperators.ADD);
  }

  /** Decode: one token against three interleaved rows, each weight element loaded once. */
  private static void packed3x1(float[] out, float[] xp, int xb, float[] wp, int wb, int t, int o,
      int inDim, int outDim) {
    FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F);
    int end = wb + 3 * inDim;
    for (int wi = wb, xi = xb; wi < end; wi += 3 * L, xi += L) {
      FloatVector x = FloatVector.fromArray(F, xp, xi);
      a0 = FloatVector.fromArray(F, wp, wi).fma(x, a0);
      a1 = FloatVector.fromArray(F, wp, wi + L).fma(x, a1);
      a2 = FloatVector.fromArray(F, wp, wi + 2 * L).fma(x, a2);
    }
    int r = t * outDim + o;
    out[r] = a0.reduceLanes(VectorOperators.ADD);
    out[r + 1] = a1.reduceLanes(VectorOperators.ADD);
    out[r + 2] = a2.reduceLanes(VectorOperators.ADD);
  }

  /** Any group of up to 3 rows × up to 3 tokens, one (row, token) pair at a time: the edges. */
  private static void packedSmall(float[] out, float[] xp, int xb, int tokens, float[] wp, int wb, int rows,
      int t, int o, int inDim, int outDim) {
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < tokens; k++) {
        FloatVector acc = FloatVector.zero(F);
        for (int c = 0; c < inDim; c += L) {
          acc = FloatVector.fromArray(F, wp, wb + c * rows + r * L)
              .fma(FloatVector.fromArray(F, xp, xb + c * tokens + k * L), acc);
        }
        out[(t + k) * outDim + o + r] = acc.reduceLanes(VectorOperators.ADD);
      }
    }
  }

  private static void tile4x1(float[] out, float[] x, float[] w, int t, int o, int inDim, int outDim) {
    int xo = t * inDim;
    int w0 = o * inDim;
    int w1 = w0 + inDim;
    int w2 = w1 + inDim;
    int w3 = w2 + inDim;
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = FloatVector.zero(F);
    FloatVector a2 = FloatVector.zero(F);
    FloatVector a3 = FloatVector.zero(F);
    int upper = inDim - inDim % L;
    int i = 0;
    for (; i < upper; i += L) {
      FloatVector xv = FloatVector.fromArray(F, x, xo + i);
      a0 = FloatVector.fromArray(F, w, w0 + i).fma(xv, a0);
      a1 = FloatVector.fromArray(F, w, w1 + i).fma(xv, a1);
      a2 = FloatVector.fromArray(F, w, w2 + i).fma(xv, a2);
      a3 = FloatVector.fromArray(F, w, w3 + i).fma(xv, a3);
    }
    float s0 = a0.reduceLanes(VectorOperators.ADD);
    float s1 = a1.reduceLanes(VectorOperators.ADD);
    float s2 = a2.reduceLanes(VectorOperators.ADD);
    float s3 = a3.reduceLanes(VectorOperators.ADD);
    for (; i < inDim; i++) {
      float xi = x[xo + i];
      s0 += w[w0 + i] * xi;
      s1 += w[w1 + i] * xi;
      s2 += w[w2 + i] * xi;
      s3 += w[w3 + i] * xi;
    }
    int r = t * outDim + o;
    out[r] = s0;
    out[r + 1] = s1;
    out[r + 2] = s2;
    out[r + 3] = s3;
  }

  private static void tile4x3(float[] out, float[] x, float[] w, int t, int o, int inDim, int outDim) {
    int x0 = t * inDim;
    int x1 = x0 + inDim;
    int x2 = x1 + inDim;
    int w0 = o * inDim;
    int w1 = w0 + inDim;
    int w2 = w1 + inDim;
    int w3 = w2 + inDim;
    FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a02 = FloatVector.zero(F);
    FloatVector a10 = FloatVector.zero(F), a11 = FloatVector.zero(F), a12 = FloatVector.zero(F);
    FloatVector a20 = FloatVector.zero(F), a21 = FloatVector.zero(F), a22 = FloatVector.zero(F);
    FloatVector a30 = FloatVector.zero(F), a31 = FloatVector.zero(F), a32 = FloatVector.zero(F);
    int upper = inDim - inDim % L;
    int i = 0;
    for (; i < upper; i += L) {
      FloatVector xv0 = FloatVector.fromArray(F, x, x0 + i);
      FloatVector xv1 = FloatVector.fromArray(F, x, x1 + i);
      FloatVector xv2 = FloatVector.fromArray(F, x, x2 + i);
      FloatVector wv = FloatVector.fromArray(F, w, w0 + i);
      a00 = wv.fma(xv0, a00);
      a01 = wv.fma(xv1, a01);
      a02 = wv.fma(xv2, a02);
      wv = FloatVector.fromArray(F, w, w1 + i);
      a10 = wv.fma(xv0, a10);
      a11 = wv.fma(xv1, a11);
      a12 = wv.fma(xv2, a12);
      wv = FloatVector.fromArray(F, w, w2 + i);
      a20 = wv.fma(xv0, a20);
      a21 = wv.fma(xv1, a21);
      a22 = wv.fma(xv2, a22);
      wv = FloatVector.fromArray(F, w, w3 + i);
      a30 = wv.fma(xv0, a30);
      a31 = wv.fma(xv1, a31);
      a32 = wv.fma(xv2, a32);
    }
    float s00 = a00.reduceLanes(VectorOperators.ADD), s01 = a01.reduceLanes(VectorOperators.ADD), s02 = a02.reduceLanes(VectorOperators.ADD);
    float s10 = a10.reduceLanes(VectorOperators.ADD), s11 = a11.reduceLanes(VectorOperators.ADD), s12 = a12.reduceLanes(VectorOperators.ADD);
    float s20 = a20.reduceLanes(VectorOperators.ADD), s21 = a21.reduceLanes(VectorOperators.ADD), s22 = a22.reduceLanes(VectorOperators.ADD);
    float s30 = a30.reduceLanes(VectorOperators.ADD), s31 = a31.reduceLanes(VectorOperators.ADD), s32 = a32.reduceLanes(VectorOperators.ADD);
    for (; i < inDim; i++) {
      float xi0 = x[x0 + i], xi1 = x[x1 + i], xi2 = x[x2 + i];
      float wi0 = w[w0 + i], wi1 = w[w1 + i], wi2 = w[w2 + i], wi3 = w[w3 + i];
      s00 += wi0 * xi0; s01 += wi0 * xi1; s02 += wi0 * xi2;
      s10 += wi1 * xi0; s11 += wi1 * xi1; s12 += wi1 * xi2;
      s20 += wi2 * xi0; s21 += wi2 * xi1; s22 += wi2 * xi2;
      s30 += wi3 * xi0; s31 += wi3 * xi1; s32 += wi3 * xi2;
    }
    int r0 = t * outDim + o;
    int r1 = r0 + outDim;
    int r2 = r1 + outDim;
    out[r0] = s00; out[r0 + 1] = s10; out[r0 + 2] = s20; out[r0 + 3] = s30;
    out[r1] = s01; out[r1 + 1] = s11; out[r1 + 2] = s21; out[r1 + 3] = s31;
    out[r2] = s02; out[r2 + 1] = s12; out[r2 + 2] = s22; out[r2 + 3] = s32;
  }

  static void rmsNorm(float[] out, int outOffset, float[] x, int xOffset, float[] weight, int dim, float eps) {
    FloatVector acc = FloatVector.zero(F);
    int upper = dim - dim % L;
    int i = 0;
    for (; i < upper; i += L) {
      FloatVector v = FloatVector.fromArray(F, x, xOffset + i);
      acc = v.fma(v, acc);
    }
    float ss = acc.reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      ss += x[xOffset + i] * x[xOffset + i];
    }
    float inv = (float) (1.0 / Math.sqrt(ss / dim + eps));
    i = 0;
    for (; i < upper; i += L) {
      FloatVector.fromArray(F, x, xOffset + i).mul(inv).mul(FloatVector.fromArray(F, weight, i))
          .intoArray(out, outOffset + i);
    }
    for (; i < dim; i++) {
      out[outOffset + i] = x[xOffset + i] * inv * weight[i];
    }
  }

  static void rope(float[] x, int xOffset, float[] table, int position, int numHeads, int headDim) {
    int half = headDim / 2;
    int row = position * headDim;
    int upper = half - half % L;
    for (int h = 0; h < numHeads; h++) {
      int base = xOffset + h * headDim;
      int i = 0;
      for (; i < upper; i += L) {
        FloatVector cos = FloatVector.fromArray(F, table, row + i);
        FloatVector sin = FloatVector.fromArray(F, table, row + half + i);
        FloatVector x0 = FloatVector.fromArray(F, x, base + i);
        FloatVector x1 = FloatVector.fromArray(F, x, base + half + i);
        x0.mul(cos).sub(x1.mul(sin)).intoArray(x, base + i);
        x0.fma(sin, x1.mul(cos)).intoArray(x, base + half + i);
      }
      for (; i < half; i++) {
        float cos = table[row + i];
        float sin = table[row + half + i];
        float x0 = x[base + i];
        float x1 = x[base + half + i];
        x[base + i] = x0 * cos - x1 * sin;
        x[base + half + i] = x0 * sin + x1 * cos;
      }
    }
  }

  static void softmax(float[] x, int offset, int n) {
    int upper = n - n % L;
    FloatVector maxV = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
    int i = 0;
    for (; i < upper; i += L) {
      maxV = maxV.max(FloatVector.fromArray(F, x, offset + i));
    }
    float max = maxV.reduceLanes(VectorOperators.MAX);
    for (; i < n; i++) {
      max = Math.max(max, x[offset + i]);
    }
    // NOTE: exp in scalar code: Math.exp is an intrinsic, while lanewise(EXP) and lane
    // conversions for a hand-written vector exp are not compiled to vector code by JDK 17 and ran
    // several times slower.
    float sum = 0f;
    for (i = 0; i < n; i++) {
      float e = (float) Math.exp(x[offset + i] - max);
      x[offset + i] = e;
      sum += e;
    }
    float inv = 1f / sum;
    i = 0;
    for (; i < upper; i += L) {
      FloatVector.fromArray(F, x, offset + i).mul(inv).intoArray(x, offset + i);
    }
    for (; i < n; i++) {
      x[offset + i] *= inv;
    }
  }

  static void siluMul(float[] gate, float[] up, int from, int to) {
    // NOTE: scalar, for the exp (see softmax); the multiply by up is the only vectorizable part.
    for (int i = from; i < to; i++) {
      float g = gate[i];
      gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
    }
  }

  static void add(float[] x, float[] delta, int from, int to) {
    int upper = from + (to - from) / L * L;
    int i = from;
    for (; i < upper; i += L) {
      FloatVector.fromArray(F, x, i).add(FloatVector.fromArray(F, delta, i)).intoArray(x, i);
    }
    for (; i < to; i++) {
      x[i] += delta[i];
    }
  }

  static int argmax(float[] x, int offset, int n) {
    int upper = n - n % L;
    FloatVector maxV = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
    int i = 0;
    for (; i < upper; i += L) {
      maxV = maxV.max(FloatVector.fromArray(F, x, offset + i));
    }
    float max = maxV.reduceLanes(VectorOperators.MAX);
    for (; i < n; i++) {
      max = Math.max(max, x[offset + i]);
    }
    // First index holding the maximum, as the scalar twin (ties go to the lowest index).
    for (int j = 0; j < n; j++) {
      if (x[offset + j] == max) {
        return j;
      }
    }
    return 0;
  }

  /** y[yOffset..+n) += a · x[xOffset..+n). */
  static void axpy(float a, float[] x, int xOffset, float[] y, int yOffset, int n) {
    FloatVector av = FloatVector.broadcast(F, a);
    int upper = n - n % L;
    int i = 0;
    for (; i < upper; i += L) {
      FloatVector.fromArray(F, x, xOffset + i).fma(av, FloatVector.fromArray(F, y, yOffset + i)).intoArray(y, yOffset + i);
    }
    for (; i < n; i++) {
      y[yOffset + i] += a * x[xOffset + i];
    }
  }

  /** Work items of {@link #attention} for a batch: each token's KV heads in (up to) two halves. */
  static int attentionItems(int numTokens, int numKvHeads) {
    return numTokens * attentionSplits(numKvHeads);
  }

  private static int attentionSplits(int numKvHeads) {
    return numKvHeads % 2 == 0 ? 2 : 1;
  }

  /**
   * Splits the items of {@link #attentionItems} into {@code parts} contiguous ranges of about equal
   * work: part p gets [bounds[p], bounds[p + 1]). An item costs the positions it attends to, so a
   * causal prefill's last tokens cost far more than its first and a decode batch's sequences cost
   * their contexts; equal item counts left one thread with up to three quarters of a prefill's
   * attention. Ranges stay contiguous so each thread keeps reading the K/V rows of the tokens next
   * to the one it just did (a prefill's queries share them; a token's two halves share cache lines).
   */
  static void attentionPartition(AttentionLayout layout, int numKvHeads, int parts, int[] bounds) {
    int splits = attentionSplits(numKvHeads);
    int items = attentionItems(layout.numTokens(), numKvHeads);
    int[] starts = layout.queryStart();
    int[] contexts = layout.contextLen();
    double total = 0;
    for (int s = 0; s < layout.numSeqs(); s++) {
      long q = starts[s + 1] - starts[s];
      long first = contexts[s] - q + 1; // positions attended by the sequence's first query
      total += splits * (q * first + q * (q - 1) / 2.0);
    }
    bounds[0] = 0;
    int part = 0;
    double done = 0;
    for (int s = 0; s < layout.numSeqs(); s++) {
      int q = starts[s + 1] - starts[s];
      for (int j = 0; j < q; j++) {
        int cost = contexts[s] - q + j + 1;
        for (int k = 0; k < splits; k++) {
          int item = (starts[s] + j) * splits + k;
          // an item belongs to the part its midpoint of cumulative cost falls in
          int p = total > 0 ? Math.min(parts - 1, (int) ((done + cost / 2.0) * parts / total)) : 0;
          while (part < p) {
            bounds[++part] = item;
          }
          done += cost;
        }
      }
    }
    while (part < parts) {
      bounds[++part] = items;
    }
  }

  /** Scratch floats one worker needs for {@link #attention}: scores of its heads over the longest context. */
  static int attentionScratch(int numHeads, int maxContext) {
    return numHeads * Math.max(1, maxContext);
  }

  /**
   * Paged causal attention for work items [itemFrom, itemTo) of {@link #attentionItems}: an item is
   * one token and half of its KV heads (with their query heads).
   *
   * <p>NOTE: the loops run position-major: each position's K (then V) row segment of the item's
   * heads is one contiguous run of memory, read once for all those heads. Head-major loops read
   * the same rows once per head, 256 bytes at a time with a 2 KiB stride, and were several times
   * slower on long decode contexts.
   */
  static void attention(float[] out, float[] q, float[] kPool, float[] vPool, AttentionLayout layout,
      int numHeads, int numKvHeads, int headDim, int itemFrom, int itemTo, float[] scores) {
    int kvDim = numKvHeads * headDim;
    int groupSize = numHeads / numKvHeads;
    int splits = attentionSplits(numKvHeads);
    int kvHeadsPerItem = numKvHeads / splits;
    int headsPerItem = kvHeadsPerItem * groupSize;
    float scale = (float) (1.0 / Math.sqrt(headDim));
    int blockSize = layout.blockSize();
    int[] tables = layout.blockTables();
    for (int item = itemFrom; item < itemTo; item++) {
      int t = item / splits;
      int h0 = (item % splits) * headsPerItem;
      int s = ScalarKernels.sequenceOf(layout, t);
      int numQueries = layout.queryStart()[s + 1] - layout.queryStart()[s];
      int position = layout.contextLen()[s] - numQueries + (t - layout.queryStart()[s]);
      int n = position + 1;
      int tableRow = s * layout.maxBlocksPerSeq();
      int qBase = t * numHeads * headDim;
      // attn scores: scores[h][p] = q_h · k_p / sqrt(d), position-major
      for (int p0 = 0; p0 < n; p0 += blockSize) {
        int slotBase = tables[tableRow + p0 / blockSize] * blockSize;
        int pEnd = Math.min(n, p0 + blockSize);
        for (int p = p0; p < pEnd; p++) {
          int row = (slotBase + p - p0) * kvDim;
          for (int j = 0; j < headsPerItem; j++) {
            int h = h0 + j;
            scores[j * n + p] = dot(q, qBase + h * headDim, kPool, row + (h / groupSize) * headDim, headDim) * scale;
          }
        }
      }
      for (int j = 0; j < headsPerItem; j++) {
        softmax(scores, j * n, n);
        java.util.Arrays.fill(out, qBase + (h0 + j) * headDim, qBase + (h0 + j + 1) * headDim, 0f);
      }
      // attn output: out_h = Σ_p w_hp · v_p, position-major
      for (int p0 = 0; p0 < n; p0 += blockSize) {
        int slotBase = tables[tableRow + p0 / blockSize] * blockSize;
        int pEnd = Math.min(n, p0 + blockSize);
        for (int p = p0; p < pEnd; p++) {
          int row = (slotBase + p - p0) * kvDim;
          for (int j = 0; j < headsPerItem; j++) {
            int h = h0 + j;
            axpy(scores[j * n + p], vPool, row + (h / groupSize) * headDim, out, qBase + h * headDim, headDim);
          }
        }
      }
    }
  }
}
