package io.serveplan.executor;

/** A backend that hands every call to another; tests override the calls they watch. */
public class ForwardingBackend implements Backend {

  private final Backend delegate;

  public ForwardingBackend(Backend delegate) {
    this.delegate = delegate;
  }

  @Override
  public String id() {
    return delegate.id();
  }

  @Override
  public String deviceName() {
    return delegate.deviceName();
  }

  @Override
  public DeviceBuffer allocate(long numFloats) {
    return delegate.allocate(numFloats);
  }

  @Override
  public void upload(DeviceBuffer dst, long dstOffset, float[] src, int srcOffset, int length) {
    delegate.upload(dst, dstOffset, src, srcOffset, length);
  }

  @Override
  public DeviceBuffer uploadWeight(float[] w, int outDim, int inDim) {
    return delegate.uploadWeight(w, outDim, inDim);
  }

  @Override
  public void download(DeviceBuffer src, long srcOffset, float[] dst, int dstOffset, int length) {
    delegate.download(src, srcOffset, dst, dstOffset, length);
  }

  @Override
  public void embed(DeviceBuffer out, DeviceBuffer table, int[] tokenIds, int numTokens, int dim) {
    delegate.embed(out, table, tokenIds, numTokens, dim);
  }

  @Override
  public void rmsNorm(DeviceBuffer out, DeviceBuffer x, DeviceBuffer weight, int numTokens, int dim, float eps) {
    delegate.rmsNorm(out, x, weight, numTokens, dim, eps);
  }

  @Override
  public void matmul(DeviceBuffer out, DeviceBuffer x, DeviceBuffer w, int numTokens, int inDim, int outDim) {
    delegate.matmul(out, x, w, numTokens, inDim, outDim);
  }

  @Override
  public void rope(DeviceBuffer x, DeviceBuffer ropeTable, int[] positions, int numTokens, int numHeads, int headDim) {
    delegate.rope(x, ropeTable, positions, numTokens, numHeads, headDim);
  }

  @Override
  public void kvWrite(DeviceBuffer kPool, DeviceBuffer vPool, DeviceBuffer k, DeviceBuffer v, int[] slotMapping,
      int numTokens, int kvDim) {
    delegate.kvWrite(kPool, vPool, k, v, slotMapping, numTokens, kvDim);
  }

  @Override
  public void attention(DeviceBuffer out, DeviceBuffer q, DeviceBuffer kPool, DeviceBuffer vPool,
      AttentionLayout layout, int numHeads, int numKvHeads, int headDim) {
    delegate.attention(out, q, kPool, vPool, layout, numHeads, numKvHeads, headDim);
  }

  @Override
  public void siluMul(DeviceBuffer gate, DeviceBuffer up, int length) {
    delegate.siluMul(gate, up, length);
  }

  @Override
  public void add(DeviceBuffer x, DeviceBuffer delta, int length) {
    delegate.add(x, delta, length);
  }

  @Override
  public void gatherRows(DeviceBuffer out, DeviceBuffer x, int[] rows, int numRows, int dim) {
    delegate.gatherRows(out, x, rows, numRows, dim);
  }

  @Override
  public void argmax(DeviceBuffer logits, int numRows, int vocabSize, int[] outTokenIds) {
    delegate.argmax(logits, numRows, vocabSize, outTokenIds);
  }

  @Override
  public void idlePolicy(IdlePolicy policy) {
    delegate.idlePolicy(policy);
  }

  @Override
  public void synchronize() {
    delegate.synchronize();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
