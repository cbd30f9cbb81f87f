package io.serveplan.executor.model;

import io.serveplan.executor.AttentionLayout;
import io.serveplan.executor.Backend;
import io.serveplan.executor.DeviceBuffer;
import io.serveplan.hardware.Operator;

/**
 * A Llama-family decoder on one {@link Backend}: the weights on the device, the paged KV cache, the
 * activation buffers for up to {@code maxBatchTokens} tokens, and the forward pass. One batched
 * forward computes prefill chunks and decode tokens of many sequences together; K/V go to the
 * slots the batch names and attention reads them through the block tables, so a prefix the block
 * manager found cached is read, not recomputed.
 *
 * <p>Each operator is timed (synchronize, then the wall clock) into {@code operatorNs}, indexed by
 * {@link Operator#ordinal()}. Used by one thread.
 */
public final class LlamaModel implements AutoCloseable {

  private final Backend backend;
  private final ModelConfig c;
  private final int maxBatchTokens;
  private final PagedKvCache kvCache;

  // weights on the device
  private final DeviceBuffer tokenEmbedding;
  private final DeviceBuffer lmHead;
  private final DeviceBuffer finalNorm;
  private final DeviceBuffer ropeTable;
  private final DeviceBuffer[] attnNorm, wq, wk, wv, wo, ffnNorm, wGate, wUp, wDown;

  // activations: [maxBatchTokens][width]
  private final DeviceBuffer x, xb, xb2, q, k, v, att, hb, hb2;
  // the rows sampled from: [maxBatchTokens][dim] and [maxBatchTokens][vocab] (grown on demand)
  private final DeviceBuffer xLast;
  private DeviceBuffer logits;
  private int logitsCapacityRows;

  /**
   * Copies the weights to the backend and allocates the KV pools and activation buffers.
   *
   * @param numKvBlocks blocks per layer pool; must equal the scheduler's numGpuBlocks
   * @param maxBatchTokens most tokens one forward computes (the scheduler's token budget)
   */
  public LlamaModel(Backend backend, ModelWeights weights, int numKvBlocks, int blockSize, int maxBatchTokens) {
    this.backend = backend;
    this.c = weights.config();
    this.maxBatchTokens = maxBatchTokens;
    this.kvCache = new PagedKvCache(backend, c.numLayers(), numKvBlocks, blockSize, c.kvDim());
    this.tokenEmbedding = upload(weights.tokenEmbedding());
    // A tied head is uploaded a second time, as a weight: the backend may lay it out for matmul.
    this.lmHead = backend.uploadWeight(weights.lmHead(), c.vocabSize(), c.dim());
    this.finalNorm = upload(weights.finalNorm());
    this.ropeTable = upload(RopeTable.build(c.maxPositions(), c.headDim(), c.ropeTheta()));
    int n = c.numLayers();
    attnNorm = new DeviceBuffer[n];
    wq = new DeviceBuffer[n];
    wk = new DeviceBuffer[n];
    wv = new DeviceBuffer[n];
    wo = new DeviceBuffer[n];
    ffnNorm = new DeviceBuffer[n];
    wGate = new DeviceBuffer[n];
    wUp = new DeviceBuffer[n];
    wDown = new DeviceBuffer[n];
    for (int l = 0; l < n; l++) {
      LayerWeights w = weights.layers().get(l);
      attnNorm[l] = upload(w.attnNorm());
      wq[l] = backend.uploadWeight(w.wq(), c.qDim(), c.dim());
      wk[l] = backend.uploadWeight(w.wk(), c.kvDim(), c.dim());
      wv[l] = backend.uploadWeight(w.wv(), c.kvDim(), c.dim());
      wo[l] = backend.uploadWeight(w.wo(), c.dim(), c.qDim());
      ffnNorm[l] = upload(w.ffnNorm());
      wGate[l] = backend.uploadWeight(w.wGate(), c.hiddenDim(), c.dim());
      wUp[l] = backend.uploadWeight(w.wUp(), c.hiddenDim(), c.dim());
      wDown[l] = backend.uploadWeight(w.wDown(), c.dim(), c.hiddenDim());
    }
    long t = maxBatchTokens;
    x = backend.allocate(t * c.dim());
    xb = backend.allocate(t * c.dim());
    xb2 = backend.allocate(t * c.dim());
    q = backend.allocate(t * c.qDim());
    k = backend.allocate(t * c.kvDim());
    v = backend.allocate(t * c.kvDim());
    att = backend.allocate(t * c.qDim());
    hb = backend.allocate(t * c.hiddenDim());
    hb2 = backend.allocate(t * c.hiddenDim());
    xLast = backend.allocate(t * c.dim());
    logitsCapacityRows = Math.min(maxBatchTokens, 16);
    logits = backend.allocate((long) logitsCapacityRows * c.vocabSize());
  }

  public ModelConfig config() {
    return c;
  }

  public PagedKvCache kvCache() {
    return kvCache;
  }

  public Backend backend() {
    return backend;
  }

  /**
   * Runs one batched forward pass and samples greedily.
   *
   * @param sampledTokenIds receives one token per logit row of the batch, in sequence order
   * @param operatorNs accumulates nanoseconds per operator (length ≥ {@code Operator.values().length})
   */
  public void forward(ForwardBatch batch, int[] sampledTokenIds, long[] operatorNs) {
    int n = batch.numTokens();
    if (n == 0 || n > maxBatchTokens) {
      throw new IllegalArgumentException("batch of " + n + " tokens; this model runs 1.." + maxBatchTokens);
    }
    if (batch.maxContext() > c.maxPositions()) {
      throw new IllegalArgumentException("a sequence reaches " + batch.maxContext()
          + " tokens; the model's max_position_embeddings is " + c.maxPositions());
    }
    AttentionLayout layout = batch.attentionLayout();
    int dim = c.dim();
    Timer timer = new Timer(operatorNs);

    // embed: x[t] = E[token_t]
    backend.embed(x, tokenEmbedding, batch.tokenIds(), n, dim);
    timer.lap(Operator.EMBED);

    for (int l = 0; l < c.numLayers(); l++) {
      // attn_norm: xb = RMSNorm(x) · g_attn
      backend.rmsNorm(xb, x, attnNorm[l], n, dim, c.rmsNormEps());
      timer.lap(Operator.ATTN_NORM);

      // attn_qkv: q = xb·Wqᵀ, k = xb·Wkᵀ, v = xb·Wvᵀ
      backend.matmul(q, xb, wq[l], n, dim, c.qDim());
      backend.matmul(k, xb, wk[l], n, dim, c.kvDim());
      backend.matmul(v, xb, wv[l], n, dim, c.kvDim());
      timer.lap(Operator.ATTN_QKV);

      // rope: rotate q and k by each token's position
      backend.rope(q, ropeTable, batch.positions(), n, c.numHeads(), c.headDim());
      backend.rope(k, ropeTable, batch.positions(), n, c.numKvHeads(), c.headDim());
      timer.lap(Operator.ROPE);

      // kv_write: K/V of the new tokens into their slots of the paged pools
      backend.kvWrite(kvCache.keys(l), kvCache.values(l), k, v, batch.slotMapping(), n, c.kvDim());
      timer.lap(Operator.KV_WRITE);

      // attn: att = softmax(q·Kᵀ/√d, causal) · V, K/V read through the block tables
      backend.attention(att, q, kvCache.keys(l), kvCache.values(l), layout, c.numHeads(), c.numKvHeads(), c.headDim());
      timer.lap(Operator.ATTN);

      // attn_out: x += att·Woᵀ
      backend.matmul(xb2, att, wo[l], n, c.qDim(), dim);
      backend.add(x, xb2, n * dim);
      timer.lap(Operator.ATTN_OUT);

      // ffn_norm: xb = RMSNorm(x) · g_ffn
      backend.rmsNorm(xb, x, ffnNorm[l], n, dim, c.rmsNormEps());
      timer.lap(Operator.FFN_NORM);

      // ffn_gate_up: hb = xb·Wgateᵀ, hb2 = xb·Wupᵀ
      backend.matmul(hb, xb, wGate[l], n, dim, c.hiddenDim());
      backend.matmul(hb2, xb, wUp[l], n, dim, c.hiddenDim());
      timer.lap(Operator.FFN_GATE_UP);

      // ffn_act: hb = SiLU(hb) ⊙ hb2
      backend.siluMul(hb, hb2, n * c.hiddenDim());
      timer.lap(Operator.FFN_ACT);

      // ffn_down: x += hb·Wdownᵀ
      backend.matmul(xb2, hb, wDown[l], n, c.hiddenDim(), dim);
      backend.add(x, xb2, n * dim);
      timer.lap(Operator.FFN_DOWN);
    }

    int rows = batch.numLogitRows();
    if (rows == 0) {
      return;
    }
    ensureLogitRows(rows);

    // final_norm: only the rows sampled from
    backend.gatherRows(xLast, x, batch.logitRows(), rows, dim);
    backend.rmsNorm(xLast, xLast, finalNorm, rows, dim, c.rmsNormEps());
    timer.lap(Operator.FINAL_NORM);

    // lm_head: logits = xLast·Eᵀ (or the untied head)
    backend.matmul(logits, xLast, lmHead, rows, dim, c.vocabSize());
    timer.lap(Operator.LM_HEAD);

    // sample: greedy
    backend.argmax(logits, rows, c.vocabSize(), sampledTokenIds);
    timer.lap(Operator.SAMPLE);
  }

  /** Logits of the last forward's sampled rows, {@code [rows][vocab]} (for tests and debugging). */
  public float[] lastLogits(int rows) {
    float[] host = new float[rows * c.vocabSize()];
    backend.download(logits, 0, host, 0, host.length);
    return host;
  }

  private void ensureLogitRows(int rows) {
    if (rows > logitsCapacityRows) {
      logits.close();
      logitsCapacityRows = Math.min(maxBatchTokens, Math.max(rows, 2 * logitsCapacityRows));
      logits = backend.allocate((long) logitsCapacityRows * c.vocabSize());
    }
  }

  private DeviceBuffer upload(float[] host) {
    DeviceBuffer d = backend.allocate(host.length);
    backend.upload(d, 0, host, 0, host.length);
    return d;
  }

  @Override
  public void close() {
    kvCache.close();
    for (DeviceBuffer b : new DeviceBuffer[] {tokenEmbedding, lmHead, finalNorm, ropeTable, x, xb, xb2, q, k, v, att, hb, hb2, xLast, logits}) {
      b.close();
    }
    for (DeviceBuffer[] group : new DeviceBuffer[][] {attnNorm, wq, wk, wv, wo, ffnNorm, wGate, wUp, wDown}) {
      for (DeviceBuffer b : group) {
        b.close();
      }
    }
  }

  /** Charges the time since the last lap to an operator, after the device has caught up. */
  private final class Timer {
    private final long[] operatorNs;
    private long last;

    Timer(long[] operatorNs) {
      this.operatorNs = operatorNs;
      backend.synchronize();
      this.last = System.nanoTime();
    }

    void lap(Operator op) {
      backend.synchronize();
      long now = System.nanoTime();
      operatorNs[op.ordinal()] += now - last;
      last = now;
    }
  }
}
