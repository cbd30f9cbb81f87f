package io.serveplan.executor.cpu;

import io.serveplan.executor.DeviceBuffer;

/**
 * A linear layer's weight {@code [outDim][inDim]} in the CPU backend's matmul layout: rows in groups
 * of {@link #GROUP_ROWS} (the last group may be smaller), and inside a group the rows interleaved
 * one vector (L floats) at a time:
 *
 * <pre>
 *   group g holds rows [3g, 3g + G), starting at float 3g · inDim;
 *   element (row 3g + r, column i) is at 3g · inDim + (i / L) · G · L + r · L + i % L
 * </pre>
 * So the tile kernel walks one index through the group and finds each row's next vector at a
 * constant displacement: no per-row address arithmetic in the inner loop (C2 emits one
 * {@code mov}+{@code add} per distinct base array offset, which held the row-major tiles to ~40% of
 * the FMA peak). Built by {@link CpuBackend#uploadWeight}; write-once, read only by matmul.
 */
final class PackedMatrix implements DeviceBuffer {

  static final int GROUP_ROWS = 3;

  final float[] data;
  final int outDim;
  final int inDim;

  private PackedMatrix(float[] data, int outDim, int inDim) {
    this.data = data;
    this.outDim = outDim;
    this.inDim = inDim;
  }

  /** Packs {@code w[0, outDim · inDim)}; inDim must be a multiple of the vector length. */
  static PackedMatrix pack(float[] w, int outDim, int inDim) {
    int lanes = VectorKernels.F.length();
    if (inDim % lanes != 0) {
      throw new IllegalArgumentException("packed weight: inDim " + inDim + " is not a multiple of " + lanes);
    }
    if ((long) outDim * inDim > w.length) {
      throw new IllegalArgumentException("packed weight: " + outDim + " x " + inDim + " exceeds the " + w.length + " floats given");
    }
    float[] packed = new float[Math.multiplyExact(outDim, inDim)];
    VectorKernels.packRows(packed, w, outDim, inDim, GROUP_ROWS);
    return new PackedMatrix(packed, outDim, inDim);
  }

  int numGroups() {
    return (outDim + GROUP_ROWS - 1) / GROUP_ROWS;
  }

  @Override
  public long numFloats() {
    return data.length;
  }

  @Override
  public void close() {
    // Heap memory: the garbage collector reclaims it.
  }
}
