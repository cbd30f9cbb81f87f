package io.serveplan.executor.cuda;

import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import io.serveplan.executor.AttentionLayout;
import io.serveplan.executor.Backend;
import io.serveplan.executor.DeviceBuffer;
import io.serveplan.executor.ExecutorException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * The executor's NVIDIA backend over the JCuda driver API: one context on device 0, the PTX module
 * of {@code kernels/} loaded from the classpath (sm_90 or sm_80 by compute capability), kernel
 * handles resolved once, fp32 activations and KV pools in device memory, bf16 copies of weights for
 * tensor-core GEMMs. Every driver call goes through {@link Cuda#check}. Used by one thread.
 *
 * <p>On a machine without an NVIDIA driver, {@link #unavailableReason()} says why and nothing is
 * opened.
 */
public final class CudaBackend implements Backend {

  static final String PTX = "/io/serveplan/kernels/serveplan_kernels_sm%d.ptx";
  static final String[] KERNELS = {"embed_f32", "rms_norm_f32", "rope_f32", "kv_write_f32",
      "silu_mul_f32", "add_f32", "gather_rows_f32", "f32_to_bf16", "argmax_f32", "gemv_bf16",
      "gemm_bf16_tc", "paged_attention_f32", "paged_attention_reduce"};
  /** Decode-shaped products (at most this many rows) use the GEMV kernel. */
  static final int GEMV_MAX_ROWS = 8;
  /** Context positions per attention split. */
  static final int SPLIT_LEN = 512;

  private final CUcontext context = new CUcontext();
  private final CUmodule module = new CUmodule();
  private final Map<String, CUfunction> kernels = new HashMap<>();
  private final String deviceName;
  private final int computeCapability;
  private final CudaIntScratch ints = new CudaIntScratch();
  private CudaBuffer activationBf16;
  private CudaBuffer attnWorkspace;
  private boolean closed;

  private static volatile Optional<String> unavailable;

  /** Why this machine cannot run the CUDA backend, or empty when it can (probed once). */
  public static Optional<String> unavailableReason() {
    Optional<String> r = unavailable;
    if (r == null) {
      r = probe();
      unavailable = r;
    }
    return r;
  }

  private static Optional<String> probe() {
    try {
      JCudaDriver.setExceptionsEnabled(false);
      int r = cuInit(0);
      if (r != CUresult.CUDA_SUCCESS) {
        return Optional.of("cuInit failed: " + CUresult.stringFor(r));
      }
      int[] count = {0};
      r = cuDeviceGetCount(count);
      if (r != CUresult.CUDA_SUCCESS || count[0] == 0) {
        return Optional.of("no CUDA device found");
      }
      if (CudaBackend.class.getResource(String.format(PTX, 80)) == null) {
        return Optional.of("this build has no kernels (nvcc was not on the PATH when it was built)");
      }
      return Optional.empty();
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("libcuda.so")) {
        return Optional.of("no NVIDIA driver on this machine (libcuda.so.1 cannot be loaded)");
      }
      return Optional.of("the JCuda native library cannot load: " + msg.lines().findFirst().orElse(msg));
    }
  }

  /** Opens device 0. */
  public CudaBackend() {
    Optional<String> reason = unavailableReason();
    if (reason.isPresent()) {
      throw new ExecutorException("CUDA is not available: " + reason.get());
    }
    CUdevice device = new CUdevice();
    Cuda.check(cuDeviceGet(device, 0), "cuDeviceGet(0)");
    byte[] name = new byte[256];
    Cuda.check(cuDeviceGetName(name, name.length, device), "cuDeviceGetName");
    deviceName = new String(name, StandardCharsets.US_ASCII).trim().replace("\0", "");
    int[] major = {0};
    Cuda.check(cuDeviceGetAttribute(major,
        CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device), "cuDeviceGetAttribute");
    computeCapability = major[0] * 10;
    Cuda.check(cuCtxCreate(context, 0, device), "cuCtxCreate");
    Cuda.check(cuModuleLoadData(module, ptx(major[0] >= 9 ? 90 : 80)), "cuModuleLoadData");
    for (String k : KERNELS) {
      CUfunction f = new CUfunction();
      Cuda.check(cuModuleGetFunction(f, module, k), "cuModuleGetFunction(" + k + ")");
      kernels.put(k, f);
    }
  }

  private static byte[] ptx(int arch) {
    String path = String.format(PTX, arch);
    try (InputStream in = CudaBackend.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new ExecutorException("CUDA is not available: PTX resource " + path + " missing");
      }
      byte[] text = in.readAllBytes();
      byte[] z = new byte[text.length + 1]; // the driver wants a NUL-terminated image
      System.arraycopy(text, 0, z, 0, text.length);
      return z;
    } catch (IOException e) {
      throw new ExecutorException("cannot read " + path, e);
    }
  }

  @Override
  public String id() {
    return "cuda";
  }

  @Override
  public String deviceName() {
    return deviceName + " (sm_" + computeCapability + ")";
  }

  @Override
  public DeviceBuffer allocate(long numFloats) {
    return new CudaBuffer(numFloats);
  }

  @Override
  public void upload(DeviceBuffer dst, long dstOffset, float[] src, int srcOffset, int length) {
    CudaBuffer d = buf(dst);
    Cuda.check(cuMemcpyHtoD(d.ptr.withByteOffset(dstOffset * Sizeof.FLOAT),
        Pointer.to(src).withByteOffset((long) srcOffset * Sizeof.FLOAT), (long) length * Sizeof.FLOAT),
        "cuMemcpyHtoD");
    d.written();
  }

  @Override
  public void download(DeviceBuffer src, long srcOffset, float[] dst, int dstOffset, int length) {
    Cuda.check(cuMemcpyDtoH(Pointer.to(dst).withByteOffset((long) dstOffset * Sizeof.FLOAT),
        buf(src).ptr.withByteOffset(srcOffset * Sizeof.FLOAT), (long) length * Sizeof.FLOAT),
        "cuMemcpyDtoH");
  }

  @Override
  public void embed(DeviceBuffer out, DeviceBuffer table, int[] tokenIds, int numTokens, int dim) {
    CUdeviceptr ids = ints.put(0, tokenIds, numTokens);
    launch("embed_f32", numTokens, 1, 1, 256, Pointer.to(buf(out).ptr), Pointer.to(buf(table).ptr),
        Pointer.to(ids), Pointer.to(new int[] {dim}));
    buf(out).written();
  }

  @Override
  public void rmsNorm(DeviceBuffer out, DeviceBuffer x, DeviceBuffer weight, int numTokens, int dim, float eps) {
    launch("rms_norm_f32", numTokens, 1, 1, 256, Pointer.to(buf(out).ptr), Pointer.to(buf(x).ptr),
        Pointer.to(buf(weight).ptr), Pointer.to(new int[] {dim}), Pointer.to(new float[] {eps}));
    buf(out).written();
  }

  @Override
  public void matmul(DeviceBuffer out, DeviceBuffer x, DeviceBuffer w, int numTokens, int inDim, int outDim) {
    CUdeviceptr wb = bf16Of(buf(w), (long) inDim * outDim);
    if (numTokens <= GEMV_MAX_ROWS) {
      // gemv: one warp per output column, 8 warps per block
      launch("gemv_bf16", (outDim + 7) / 8, 1, 1, 256, Pointer.to(buf(out).ptr), Pointer.to(buf(x).ptr),
          Pointer.to(wb), Pointer.to(new int[] {numTokens}), Pointer.to(new int[] {inDim}),
          Pointer.to(new int[] {outDim}));
    } else {
      long n = (long) numTokens * inDim;
      activationBf16 = ensure(activationBf16, (n + 1) / 2);
      convert(activationBf16.ptr, buf(x).ptr, n);
      launch("gemm_bf16_tc", (outDim + 63) / 64, (numTokens + 63) / 64, 1, 128, Pointer.to(buf(out).ptr),
          Pointer.to(activationBf16.ptr), Pointer.to(wb), Pointer.to(new int[] {numTokens}),
          Pointer.to(new int[] {inDim}), Pointer.to(new int[] {outDim}));
    }
    buf(out).written();
  }

  @Override
  public void rope(DeviceBuffer x, DeviceBuffer ropeTable, int[] positions, int numTokens, int numHeads, int headDim) {
    CUdeviceptr pos = ints.put(0, positions, numTokens);
    launch("rope_f32", numTokens, 1, 1, 128, Pointer.to(buf(x).ptr), Pointer.to(buf(ropeTable).ptr),
        Pointer.to(pos), Pointer.to(new int[] {numHeads}), Pointer.to(new int[] {headDim}));
    buf(x).written();
  }

  @Override
  public void kvWrite(DeviceBuffer kPool, DeviceBuffer vPool, DeviceBuffer k, DeviceBuffer v,
      int[] slotMapping, int numTokens, int kvDim) {
    CUdeviceptr slots = ints.put(0, slotMapping, numTokens);
    launch("kv_write_f32", numTokens, 1, 1, 128, Pointer.to(buf(kPool).ptr), Pointer.to(buf(vPool).ptr),
        Pointer.to(buf(k).ptr), Pointer.to(buf(v).ptr), Pointer.to(slots), Pointer.to(new int[] {kvDim}));
  }

  @Override
  public void attention(DeviceBuffer out, DeviceBuffer q, DeviceBuffer kPool, DeviceBuffer vPool,
      AttentionLayout layout, int numHeads, int numKvHeads, int headDim) {
    if (headDim > 256) {
      throw new IllegalArgumentException("headDim " + headDim + " exceeds the kernel's 256");
    }
    int numTokens = layout.numTokens();
    int[] tokenSeq = new int[numTokens];
    int[] tokenPos = new int[numTokens];
    int maxContext = 0;
    for (int s = 0; s < layout.numSeqs(); s++) {
      int from = layout.queryStart()[s];
      int n = layout.queryStart()[s + 1] - from;
      for (int j = 0; j < n; j++) {
        tokenSeq[from + j] = s;
        tokenPos[from + j] = layout.contextLen()[s] - n + j;
      }
      maxContext = Math.max(maxContext, layout.contextLen()[s]);
    }
    int splits = Math.max(1, (maxContext + SPLIT_LEN - 1) / SPLIT_LEN);
    CUdeviceptr tables = ints.put(0, layout.blockTables(), layout.numSeqs() * layout.maxBlocksPerSeq());
    CUdeviceptr seqs = ints.put(1, tokenSeq, numTokens);
    CUdeviceptr poss = ints.put(2, tokenPos, numTokens);
    long parts = (long) numTokens * numHeads * splits;
    attnWorkspace = ensure(attnWorkspace, parts * (2 + headDim));
    CUdeviceptr partMax = attnWorkspace.ptr;
    CUdeviceptr partSum = attnWorkspace.ptr.withByteOffset(parts * Sizeof.FLOAT);
    CUdeviceptr partAcc = attnWorkspace.ptr.withByteOffset(2 * parts * Sizeof.FLOAT);
    float scale = (float) (1.0 / Math.sqrt(headDim));
    launch("paged_attention_f32", numTokens, numHeads, splits, 128, Pointer.to(buf(out).ptr),
        Pointer.to(partMax), Pointer.to(partSum), Pointer.to(partAcc), Pointer.to(buf(q).ptr),
        Pointer.to(buf(kPool).ptr), Pointer.to(buf(vPool).ptr), Pointer.to(tables), Pointer.to(seqs),
        Pointer.to(poss), Pointer.to(new int[] {numHeads}), Pointer.to(new int[] {numKvHeads}),
        Pointer.to(new int[] {headDim}), Pointer.to(new int[] {layout.blockSize()}),
        Pointer.to(new int[] {layout.maxBlocksPerSeq()}), Pointer.to(new int[] {SPLIT_LEN}),
        Pointer.to(new float[] {scale}));
    if (splits > 1) {
      launch("paged_attention_reduce", numTokens, numHeads, 1, 128, Pointer.to(buf(out).ptr),
          Pointer.to(partMax), Pointer.to(partSum), Pointer.to(partAcc), Pointer.to(new int[] {numHeads}),
          Pointer.to(new int[] {headDim}), Pointer.to(new int[] {splits}));
    }
    buf(out).written();
  }

  @Override
  public void siluMul(DeviceBuffer gate, DeviceBuffer up, int length) {
    launch("silu_mul_f32", Math.min(4096, (length + 255) / 256), 1, 1, 256, Pointer.to(buf(gate).ptr),
        Pointer.to(buf(up).ptr), Pointer.to(new int[] {length}));
    buf(gate).written();
  }

  @Override
  public void add(DeviceBuffer x, DeviceBuffer delta, int length) {
    launch("add_f32", Math.min(4096, (length + 255) / 256), 1, 1, 256, Pointer.to(buf(x).ptr),
        Pointer.to(buf(delta).ptr), Pointer.to(new int[] {length}));
    buf(x).written();
  }

  @Override
  public void gatherRows(DeviceBuffer out, DeviceBuffer x, int[] rows, int numRows, int dim) {
    CUdeviceptr r = ints.put(0, rows, numRows);
    launch("gather_rows_f32", numRows, 1, 1, 256, Pointer.to(buf(out).ptr), Pointer.to(buf(x).ptr),
        Pointer.to(r), Pointer.to(new int[] {dim}));
    buf(out).written();
  }

  @Override
  public void argmax(DeviceBuffer logits, int numRows, int vocabSize, int[] outTokenIds) {
    CUdeviceptr out = ints.ensure(3, numRows);
    launch("argmax_f32", numRows, 1, 1, 1024, Pointer.to(buf(logits).ptr),
        Pointer.to(new int[] {vocabSize}), Pointer.to(out));
    Cuda.check(cuMemcpyDtoH(Pointer.to(outTokenIds), out, (long) numRows * Sizeof.INT), "cuMemcpyDtoH(argmax)");
  }

  @Override
  public void synchronize() {
    Cuda.check(cuCtxSynchronize(), "cuCtxSynchronize");
  }

  /**
   * Measures this GPU: device-to-device copy bandwidth over a 1 GiB buffer and the bf16 GEMM
   * kernel's throughput on an n×n×n product ({@link CudaMeasurement#of}).
   */
  public CudaMeasurement measure(int gemmSize) {
    return CudaMeasurement.of(this, gemmSize);
  }

  /** The time {@code work} takes on the GPU, in milliseconds, between two CUDA events. */
  double timeMs(Runnable work) {
    return CudaMeasurement.timeMs(work);
  }

  /** The device's name as the driver reports it. */
  String gpuName() {
    return deviceName;
  }

  /** The device's compute capability as an sm number (90 for Hopper). */
  int computeCapability() {
    return computeCapability;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Cuda.check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
    if (activationBf16 != null) {
      activationBf16.close();
    }
    if (attnWorkspace != null) {
      attnWorkspace.close();
    }
    ints.close();
    Cuda.check(cuModuleUnload(module), "cuModuleUnload");
    Cuda.check(cuCtxDestroy(context), "cuCtxDestroy");
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static CudaBuffer buf(DeviceBuffer b) {
    if (!(b instanceof CudaBuffer c)) {
      throw new IllegalArgumentException("buffer was not allocated by the CUDA backend: " + b);
    }
    return c;
  }

  /** The bf16 copy of a weight buffer, (re)built when its fp32 contents changed. */
  private CUdeviceptr bf16Of(CudaBuffer w, long numElements) {
    if (w.bf16 == null) {
      w.bf16 = new CUdeviceptr();
      Cuda.check(cuMemAlloc(w.bf16, Math.max(2, w.numFloats * 2)), "cuMemAlloc(bf16 copy)");
    }
    if (w.bf16Stale) {
      convert(w.bf16, w.ptr, Math.min(numElements, w.numFloats));
      w.bf16Stale = false;
    }
    return w.bf16;
  }

  private void convert(CUdeviceptr dst, CUdeviceptr src, long n) {
    launch("f32_to_bf16", (int) Math.min(8192, (n + 255) / 256), 1, 1, 256, Pointer.to(dst),
        Pointer.to(src), Pointer.to(new long[] {n}));
  }

  private static CudaBuffer ensure(CudaBuffer b, long numFloats) {
    if (b != null && b.numFloats >= numFloats) {
      return b;
    }
    if (b != null) {
      b.close();
    }
    return new CudaBuffer(Math.max(numFloats, b == null ? 0 : b.numFloats * 2));
  }

  private void launch(String name, int gx, int gy, int gz, int block, Pointer... args) {
    CUfunction f = kernels.get(name);
    Cuda.check(cuLaunchKernel(f, gx, gy, gz, block, 1, 1, 0, null, Pointer.to(args), null),
        "cuLaunchKernel(" + name + ")");
  }
}
