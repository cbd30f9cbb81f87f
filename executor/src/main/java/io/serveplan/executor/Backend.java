package io.serveplan.executor;

/**
 * The compute a Llama-family forward pass needs, on one device. The forward pass
 * ({@code model.LlamaModel}) is written once against this interface; the CPU backend
 * ({@code cpu.CpuBackend}, Vector API) and the CUDA backend ({@code cuda.CudaBackend}, JCuda) each
 * implement it, and {@code cpu.ReferenceBackend} (plain scalar Java) is the oracle every backend is
 * tested against.
 *
 * <p>Conventions, the same for every method:
 * <ul>
 *   <li>All tensors are fp32, row-major, in {@link DeviceBuffer}s allocated by this backend. A
 *       batch of {@code numTokens} activations of width {@code dim} is {@code [numTokens][dim]}.
 *   <li>Weights of a linear layer are {@code [outDim][inDim]} (Hugging Face / PyTorch layout), so
 *       {@code out = x · Wᵀ}.
 *   <li>Integer arguments ({@code int[]}: token ids, positions, KV slots, block tables) are host
 *       arrays; only their first {@code numTokens} (or {@code numRows}) entries are read, and the
 *       backend must not keep a reference to them after the call returns.
 *   <li>Calls may run asynchronously (CUDA); {@link #download} and {@link #argmax} return only
 *       when their results are on the host, and {@link #synchronize} waits for all queued work.
 *       Callers time operators with {@code synchronize()} before reading the clock.
 *   <li>A backend instance is used by one thread at a time (the engine's); it may use its own
 *       worker threads inside a call.
 *   <li>Invalid sizes are caller bugs: a backend may check them and throw
 *       {@link IllegalArgumentException}; it never silently clamps.
 * </ul>
 */
public interface Backend extends AutoCloseable {

  /** Short id: {@code cpu}, {@code cuda}, {@code reference}. */
  String id();

  /** A human-readable description of the device (CPU model and threads, GPU name). */
  String deviceName();

  /** A zero-filled buffer of {@code numFloats} floats. */
  DeviceBuffer allocate(long numFloats);

  /** Copies {@code src[srcOffset, srcOffset + length)} to {@code dst[dstOffset, ...)}. */
  void upload(DeviceBuffer dst, long dstOffset, float[] src, int srcOffset, int length);

  /** Copies {@code src[srcOffset, srcOffset + length)} to {@code dst[dstOffset, ...)}. */
  void download(DeviceBuffer src, long srcOffset, float[] dst, int dstOffset, int length);

  /**
   * A linear layer's weight {@code w = [outDim][inDim]} on the device, in the layout this backend's
   * {@link #matmul} reads fastest (the CPU backend interleaves rows for its register tiles). The
   * buffer is for {@code matmul}'s {@code w} only: what {@link #download} returns from it is
   * unspecified. The default is a plain {@link #upload}.
   */
  default DeviceBuffer uploadWeight(float[] w, int outDim, int inDim) {
    int length = Math.multiplyExact(outDim, inDim);
    DeviceBuffer d = allocate(length);
    upload(d, 0, w, 0, length);
    return d;
  }

  /** embed: {@code out[t] = table[tokenIds[t]]}; table is {@code [vocab][dim]}. */
  void embed(DeviceBuffer out, DeviceBuffer table, int[] tokenIds, int numTokens, int dim);

  /** RMSNorm: {@code out[t] = x[t] / sqrt(mean(x[t]²) + eps) * weight}; out may be x. */
  void rmsNorm(DeviceBuffer out, DeviceBuffer x, DeviceBuffer weight, int numTokens, int dim, float eps);

  /**
   * Linear layer: {@code out[t][o] = Σ_i x[t][i] · w[o][i]} for t < numTokens, o < outDim.
   * out must not alias x or w. With numTokens = 1 this is the decode matrix-vector product. w is a
   * plain buffer or one from {@link #uploadWeight} with the same outDim and inDim.
   */
  void matmul(DeviceBuffer out, DeviceBuffer x, DeviceBuffer w, int numTokens, int inDim, int outDim);

  /**
   * RoPE in place on {@code x[t]} = numHeads heads of headDim, Hugging Face "rotate half" layout:
   * for pair i < headDim/2, (x[i], x[i + headDim/2]) is rotated by angle positions[t] · θ_i.
   * ropeTable is {@code [maxPosition][headDim]}: for each position, cos θ_i for i < headDim/2, then
   * sin θ_i (built by {@code model.RopeTable}).
   */
  void rope(DeviceBuffer x, DeviceBuffer ropeTable, int[] positions, int numTokens, int numHeads, int headDim);

  /**
   * kv_write: stores token t's key and value ({@code k[t]}, {@code v[t]}, width kvDim) at
   * {@code pool[slotMapping[t] * kvDim ...]} in kPool and vPool (the paged KV cache of one layer).
   */
  void kvWrite(DeviceBuffer kPool, DeviceBuffer vPool, DeviceBuffer k, DeviceBuffer v,
      int[] slotMapping, int numTokens, int kvDim);

  /**
   * Causal grouped-query attention through the block tables (see {@link AttentionLayout}):
   * {@code out[t][h] = Σ_p softmax_p(q[t][h] · k[p][g] / sqrt(headDim)) · v[p][g]} with
   * g = h / (numHeads / numKvHeads). q and out are {@code [numTokens][numHeads * headDim]}.
   */
  void attention(DeviceBuffer out, DeviceBuffer q, DeviceBuffer kPool, DeviceBuffer vPool,
      AttentionLayout layout, int numHeads, int numKvHeads, int headDim);

  /** SwiGLU activation in place: {@code gate[i] = silu(gate[i]) · up[i]}, silu(x) = x / (1 + e^-x). */
  void siluMul(DeviceBuffer gate, DeviceBuffer up, int length);

  /** Residual add in place: {@code x[i] += delta[i]}. */
  void add(DeviceBuffer x, DeviceBuffer delta, int length);

  /** {@code out[r] = x[rows[r]]} for r < numRows (selects the tokens that need logits). */
  void gatherRows(DeviceBuffer out, DeviceBuffer x, int[] rows, int numRows, int dim);

  /** Greedy sampling: {@code outTokenIds[r] = argmax_v logits[r][v]} (lowest index on ties). */
  void argmax(DeviceBuffer logits, int numRows, int vocabSize, int[] outTokenIds);

  /**
   * How the backend's own threads wait between calls from now on (see {@link IdlePolicy}); the
   * engine sets it for the length of a run. The default ignores it (a device without host worker
   * threads).
   */
  default void idlePolicy(IdlePolicy policy) {
  }

  /** Waits until every queued call has finished. */
  void synchronize();

  /** Releases the backend's threads, device context and any cached state. */
  @Override
  void close();
}
