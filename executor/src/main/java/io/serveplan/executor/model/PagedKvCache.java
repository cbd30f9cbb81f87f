package io.serveplan.executor.model;

import io.serveplan.executor.Backend;
import io.serveplan.executor.DeviceBuffer;

/**
 * The real KV cache: per layer one K pool and one V pool of {@code numBlocks × blockSize} slots of
 * kvDim floats, on the backend's device. Block ids are the ones the scheduler's block manager hands
 * out; this class only stores, it never allocates blocks. Owned by one {@link LlamaModel}.
 *
 * <pre>
 *   kPool[layer]:  | block 0: slot 0 .. bs-1 | block 1 | ... | block numBlocks-1 |
 *                    slot s holds K of one token: floats [s·kvDim, (s+1)·kvDim)
 * </pre>
 */
public final class PagedKvCache implements AutoCloseable {

  private final int numBlocks;
  private final int blockSize;
  private final DeviceBuffer[] kPools;
  private final DeviceBuffer[] vPools;

  PagedKvCache(Backend backend, int numLayers, int numBlocks, int blockSize, int kvDim) {
    if (numBlocks <= 0 || blockSize <= 0) {
      throw new IllegalArgumentException("KV cache needs positive numBlocks and blockSize, got "
          + numBlocks + ", " + blockSize);
    }
    this.numBlocks = numBlocks;
    this.blockSize = blockSize;
    this.kPools = new DeviceBuffer[numLayers];
    this.vPools = new DeviceBuffer[numLayers];
    long floats = (long) numBlocks * blockSize * kvDim;
    for (int l = 0; l < numLayers; l++) {
      kPools[l] = backend.allocate(floats);
      vPools[l] = backend.allocate(floats);
    }
  }

  public int numBlocks() {
    return numBlocks;
  }

  public int blockSize() {
    return blockSize;
  }

  DeviceBuffer keys(int layer) {
    return kPools[layer];
  }

  DeviceBuffer values(int layer) {
    return vPools[layer];
  }

  /** Bytes per token across all layers (K and V, fp32). */
  public static long bytesPerToken(ModelConfig c) {
    return 2L * c.numLayers() * c.kvDim() * Float.BYTES;
  }

  @Override
  public void close() {
    for (int l = 0; l < kPools.length; l++) {
      kPools[l].close();
      vPools[l].close();
    }
  }
}
