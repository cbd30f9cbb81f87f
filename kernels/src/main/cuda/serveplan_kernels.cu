// ServePlan's CUDA kernels: every operator of the executor's Llama forward pass.
//
// Conventions (the executor's Backend contract): activations and the paged KV pools are fp32,
// row-major; linear-layer weights are [outDim][inDim] and are multiplied as bf16 with fp32
// accumulation (the backend keeps a bf16 copy of each weight). Integer inputs are device int32
// arrays uploaded by the backend. Every entry point is extern "C" so the JCuda backend can look it
// up by name in the PTX module.
//
// Layer pipeline, one step:
//
//   embed -> [ rms_norm -> gemm(qkv) -> rope -> kv_write -> paged_attention(+reduce)
//              -> gemm(o) -> add -> rms_norm -> gemm(gate,up) -> silu_mul -> gemm(down) -> add ] x L
//         -> rms_norm -> gather_rows -> gemm(lm_head) -> argmax

#include <cuda_bf16.h>
#include <mma.h>
#include <stdint.h>

#define WARP 32

__device__ __forceinline__ float warp_sum(float v) {
  for (int o = WARP / 2; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

__device__ __forceinline__ float warp_max(float v) {
  for (int o = WARP / 2; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}

// Block-wide sum; every thread gets the result. blockDim.x a multiple of 32, at most 1024.
__device__ float block_sum(float v) {
  __shared__ float partial[WARP];
  int lane = threadIdx.x % WARP, warp = threadIdx.x / WARP;
  v = warp_sum(v);
  if (lane == 0) partial[warp] = v;
  __syncthreads();
  int warps = blockDim.x / WARP;
  v = threadIdx.x < warps ? partial[threadIdx.x] : 0.0f;
  if (warp == 0) v = warp_sum(v);
  if (threadIdx.x == 0) partial[0] = v;
  __syncthreads();
  float r = partial[0];
  __syncthreads();
  return r;
}

// ---- embed: out[t] = table[ids[t]]; grid (numTokens), block 256 ------------------------------
extern "C" __global__ void embed_f32(float* out, const float* table, const int* ids, int dim) {
  int t = blockIdx.x;
  const float* row = table + (size_t)ids[t] * dim;
  for (int i = threadIdx.x; i < dim; i += blockDim.x) out[(size_t)t * dim + i] = row[i];
}

// ---- rms_norm: out[t] = x[t] / sqrt(mean(x[t]^2) + eps) * w; grid (numTokens), block 256 ------
extern "C" __global__ void rms_norm_f32(float* out, const float* x, const float* w, int dim, float eps) {
  int t = blockIdx.x;
  const float* xr = x + (size_t)t * dim;
  float ss = 0.0f;
  for (int i = threadIdx.x; i < dim; i += blockDim.x) ss += xr[i] * xr[i];
  ss = block_sum(ss);
  float inv = rsqrtf(ss / dim + eps);
  for (int i = threadIdx.x; i < dim; i += blockDim.x) out[(size_t)t * dim + i] = xr[i] * inv * w[i];
}

// ---- rope (rotate-half): pair (i, i + half) of each head turned by pos * theta_i --------------
// table[pos] = cos theta_0..half-1, sin theta_0..half-1. grid (numTokens), block 128.
extern "C" __global__ void rope_f32(float* x, const float* table, const int* positions, int numHeads, int headDim) {
  int t = blockIdx.x, half = headDim / 2;
  const float* cs = table + (size_t)positions[t] * headDim;
  float* xt = x + (size_t)t * numHeads * headDim;
  for (int k = threadIdx.x; k < numHeads * half; k += blockDim.x) {
    int h = k / half, i = k % half;
    float c = cs[i], s = cs[half + i];
    float* hx = xt + h * headDim;
    float a = hx[i], b = hx[i + half];
    hx[i] = a * c - b * s;
    hx[i + half] = b * c + a * s;
  }
}

// ---- kv_write: token t's K and V go to slot slots[t] of the layer's pools; grid (numTokens) ----
extern "C" __global__ void kv_write_f32(float* kPool, float* vPool, const float* k, const float* v,
                                        const int* slots, int kvDim) {
  int t = blockIdx.x;
  size_t dst = (size_t)slots[t] * kvDim, src = (size_t)t * kvDim;
  for (int i = threadIdx.x; i < kvDim; i += blockDim.x) {
    kPool[dst + i] = k[src + i];
    vPool[dst + i] = v[src + i];
  }
}

// ---- elementwise ------------------------------------------------------------------------------
extern "C" __global__ void silu_mul_f32(float* gate, const float* up, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
    float g = gate[i];
    gate[i] = g / (1.0f + __expf(-g)) * up[i];
  }
}

extern "C" __global__ void add_f32(float* x, const float* delta, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) x[i] += delta[i];
}

extern "C" __global__ void gather_rows_f32(float* out, const float* x, const int* rows, int dim) {
  int r = blockIdx.x;
  const float* src = x + (size_t)rows[r] * dim;
  for (int i = threadIdx.x; i < dim; i += blockDim.x) out[(size_t)r * dim + i] = src[i];
}

extern "C" __global__ void f32_to_bf16(__nv_bfloat16* out, const float* in, long long n) {
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    out[i] = __float2bfloat16_rn(in[i]);
}

// ---- argmax per row, lowest index on ties; grid (numRows), block 1024 ------------------------
extern "C" __global__ void argmax_f32(const float* logits, int vocab, int* out) {
  __shared__ float bestV[WARP];
  __shared__ int bestI[WARP];
  const float* row = logits + (size_t)blockIdx.x * vocab;
  float v = -INFINITY;
  int idx = 0x7fffffff;
  for (int i = threadIdx.x; i < vocab; i += blockDim.x) {
    float x = row[i];
    if (x > v || (x == v && i < idx)) { v = x; idx = i; }
  }
  for (int o = WARP / 2; o > 0; o >>= 1) {
    float ov = __shfl_xor_sync(0xffffffffu, v, o);
    int oi = __shfl_xor_sync(0xffffffffu, idx, o);
    if (ov > v || (ov == v && oi < idx)) { v = ov; idx = oi; }
  }
  int lane = threadIdx.x % WARP, warp = threadIdx.x / WARP;
  if (lane == 0) { bestV[warp] = v; bestI[warp] = idx; }
  __syncthreads();
  if (threadIdx.x == 0) {
    float bv = bestV[0];
    int bi = bestI[0];
    for (int w = 1; w < blockDim.x / WARP; w++)
      if (bestV[w] > bv || (bestV[w] == bv && bestI[w] < bi)) { bv = bestV[w]; bi = bestI[w]; }
    out[blockIdx.x] = bi;
  }
}

// ---- gemv for decode-shaped products (M <= 8 token rows): bandwidth-bound ---------------------
// out[m][n] = sum_k x[m][k] * w[n][k]; one warp per output column n streams w's row once with
// 16-byte loads (8 bf16) and keeps M partial sums. grid (ceil(N / 8)), block 256 (8 warps).
#define GEMV_MAX_M 8
extern "C" __global__ void gemv_bf16(float* out, const float* x, const __nv_bfloat16* w, int M, int K, int N) {
  int n = blockIdx.x * (blockDim.x / WARP) + threadIdx.x / WARP;
  int lane = threadIdx.x % WARP;
  if (n >= N) return;
  float acc[GEMV_MAX_M];
#pragma unroll
  for (int m = 0; m < GEMV_MAX_M; m++) acc[m] = 0.0f;
  const __nv_bfloat16* wr = w + (size_t)n * K;
  int k8 = (K % 8 == 0 && ((uintptr_t)wr % 16 == 0)) ? K : 0;  // vector path when aligned
  for (int k = lane * 8; k < k8; k += WARP * 8) {
    uint4 raw = *reinterpret_cast<const uint4*>(wr + k);
    const __nv_bfloat162* pair = reinterpret_cast<const __nv_bfloat162*>(&raw);
    float wf[8];
#pragma unroll
    for (int j = 0; j < 4; j++) {
      float2 f = __bfloat1622float2(pair[j]);
      wf[2 * j] = f.x;
      wf[2 * j + 1] = f.y;
    }
#pragma unroll
    for (int m = 0; m < GEMV_MAX_M; m++) {
      if (m < M) {
        const float* xr = x + (size_t)m * K + k;
#pragma unroll
        for (int j = 0; j < 8; j++) acc[m] += wf[j] * xr[j];
      }
    }
  }
  for (int k = k8 + lane; k < K; k += WARP) {  // scalar tail (or whole row when unaligned)
    float wf = __bfloat162float(wr[k]);
    for (int m = 0; m < M; m++) acc[m] += wf * x[(size_t)m * K + k];
  }
#pragma unroll
  for (int m = 0; m < GEMV_MAX_M; m++) {
    if (m < M) {
      float s = warp_sum(acc[m]);
      if (lane == 0) out[(size_t)m * N + n] = s;
    }
  }
}

// ---- tensor-core GEMM for prefill-shaped products ----------------------------------------------
// out[M][N] = x[M][K] · w[N][K]^T with bf16 inputs and fp32 accumulation (wmma 16x16x16).
// A block computes a 64x64 tile of out with 4 warps (2x2, each 32x32 = 2x2 fragments), staging
// 64x32 tiles of x and w through shared memory; edges are zero-padded. grid (ceil(N/64),
// ceil(M/64)), block 128.
#define TM 64
#define TN 64
#define TK 32
extern "C" __global__ void gemm_bf16_tc(float* out, const __nv_bfloat16* x, const __nv_bfloat16* w, int M, int K, int N) {
#if __CUDA_ARCH__ >= 800
  using namespace nvcuda;
  __shared__ __align__(32) __nv_bfloat16 As[TM][TK + 8];
  __shared__ __align__(32) __nv_bfloat16 Bs[TN][TK + 8];
  __shared__ __align__(32) float Cs[4][32][32 + 4];
  int warp = threadIdx.x / WARP;
  int wm = warp / 2, wn = warp % 2;
  int row0 = blockIdx.y * TM, col0 = blockIdx.x * TN;
  wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc[2][2];
#pragma unroll
  for (int i = 0; i < 2; i++)
#pragma unroll
    for (int j = 0; j < 2; j++) wmma::fill_fragment(acc[i][j], 0.0f);
  const __nv_bfloat16 zero = __float2bfloat16(0.0f);
  for (int k0 = 0; k0 < K; k0 += TK) {
    // Stage A (rows of x) and B (rows of w = columns of out), zero-padded at the edges.
    for (int e = threadIdx.x; e < TM * TK; e += blockDim.x) {
      int r = e / TK, c = e % TK;
      int gr = row0 + r, gk = k0 + c;
      As[r][c] = (gr < M && gk < K) ? x[(size_t)gr * K + gk] : zero;
      int gn = col0 + r;
      Bs[r][c] = (gn < N && gk < K) ? w[(size_t)gn * K + gk] : zero;
    }
    __syncthreads();
#pragma unroll
    for (int kk = 0; kk < TK; kk += 16) {
      wmma::fragment<wmma::matrix_a, 16, 16, 16, __nv_bfloat16, wmma::row_major> a[2];
      wmma::fragment<wmma::matrix_b, 16, 16, 16, __nv_bfloat16, wmma::col_major> b[2];
#pragma unroll
      for (int i = 0; i < 2; i++) wmma::load_matrix_sync(a[i], &As[wm * 32 + i * 16][kk], TK + 8);
      // B as col-major K x N: element (k, n) at Bs[n][k].
#pragma unroll
      for (int j = 0; j < 2; j++) wmma::load_matrix_sync(b[j], &Bs[wn * 32 + j * 16][kk], TK + 8);
#pragma unroll
      for (int i = 0; i < 2; i++)
#pragma unroll
        for (int j = 0; j < 2; j++) wmma::mma_sync(acc[i][j], a[i], b[j], acc[i][j]);
    }
    __syncthreads();
  }
  // Stage each warp's 32x32 result in shared memory, then store what lies inside out.
#pragma unroll
  for (int i = 0; i < 2; i++)
#pragma unroll
    for (int j = 0; j < 2; j++)
      wmma::store_matrix_sync(&Cs[warp][i * 16][j * 16], acc[i][j], 32 + 4, wmma::mem_row_major);
  __syncwarp();
  int lane = threadIdx.x % WARP;
  for (int e = lane; e < 32 * 32; e += WARP) {
    int r = e / 32, c = e % 32;
    int gr = row0 + wm * 32 + r, gc = col0 + wn * 32 + c;
    if (gr < M && gc < N) out[(size_t)gr * N + gc] = Cs[warp][r][c];
  }
#endif
}

// ---- paged attention (decode and prefill chunks), split along the context ---------------------
// Query token t belongs to sequence tokenSeq[t] and sits at position tokenPos[t]; it attends to
// positions 0..tokenPos[t] of its sequence, whose K/V live in the pools at
//   slot = blockTables[seq * stride + p / blockSize] * blockSize + p % blockSize.
// grid (numTokens, numHeads, numSplits), block 128 (4 warps); each split covers splitLen
// positions with an online softmax; lane l holds head elements l, l+32, ... (headDim <= 256).
// With numSplits == 1 the result goes straight to out; otherwise partial (max, sum, acc) go to
// the workspace and paged_attention_reduce combines them (flash-decoding).
#define ATT_WARPS 4
#define ATT_MAX_PER_LANE 8
extern "C" __global__ void paged_attention_f32(
    float* out, float* partMax, float* partSum, float* partAcc,
    const float* q, const float* kPool, const float* vPool,
    const int* blockTables, const int* tokenSeq, const int* tokenPos,
    int numHeads, int numKvHeads, int headDim, int blockSize, int stride, int splitLen, float scale) {
  int t = blockIdx.x, h = blockIdx.y, split = blockIdx.z, numSplits = gridDim.z;
  int warp = threadIdx.x / WARP, lane = threadIdx.x % WARP;
  int seq = tokenSeq[t], pos = tokenPos[t];
  int g = h / (numHeads / numKvHeads);
  int kvDim = numKvHeads * headDim;
  int per = (headDim + WARP - 1) / WARP;
  const float* qh = q + ((size_t)t * numHeads + h) * headDim;
  float qv[ATT_MAX_PER_LANE], acc[ATT_MAX_PER_LANE];
#pragma unroll
  for (int i = 0; i < ATT_MAX_PER_LANE; i++) {
    int d = lane + i * WARP;
    qv[i] = (i < per && d < headDim) ? qh[d] * scale : 0.0f;
    acc[i] = 0.0f;
  }
  float m = -INFINITY, l = 0.0f;
  int start = split * splitLen, end = min(start + splitLen, pos + 1);
  const int* table = blockTables + (size_t)seq * stride;
  for (int p = start + warp; p < end; p += ATT_WARPS) {
    size_t slot = (size_t)table[p / blockSize] * blockSize + p % blockSize;
    const float* kp = kPool + slot * kvDim + g * headDim;
    float s = 0.0f;
#pragma unroll
    for (int i = 0; i < ATT_MAX_PER_LANE; i++) {
      int d = lane + i * WARP;
      if (i < per && d < headDim) s += qv[i] * kp[d];
    }
    s = warp_sum(s);
    float mNew = fmaxf(m, s);
    float corr = __expf(m - mNew), e = __expf(s - mNew);
    l = l * corr + e;
    const float* vp = vPool + slot * kvDim + g * headDim;
#pragma unroll
    for (int i = 0; i < ATT_MAX_PER_LANE; i++) {
      int d = lane + i * WARP;
      if (i < per && d < headDim) acc[i] = acc[i] * corr + e * vp[d];
    }
    m = mNew;
  }
  // Combine the 4 warps' online-softmax states.
  __shared__ float sm[ATT_WARPS], sl[ATT_WARPS];
  __shared__ float sacc[ATT_WARPS][ATT_MAX_PER_LANE * WARP];
  if (lane == 0) { sm[warp] = m; sl[warp] = l; }
#pragma unroll
  for (int i = 0; i < ATT_MAX_PER_LANE; i++) sacc[warp][lane + i * WARP] = acc[i];
  __syncthreads();
  float M = -INFINITY;
  for (int w = 0; w < ATT_WARPS; w++) M = fmaxf(M, sm[w]);
  float L = 0.0f;
  for (int w = 0; w < ATT_WARPS; w++) L += sl[w] * (sm[w] == -INFINITY ? 0.0f : __expf(sm[w] - M));
  size_t part = ((size_t)t * numHeads + h) * numSplits + split;
  for (int d = threadIdx.x; d < headDim; d += blockDim.x) {
    float a = 0.0f;
    for (int w = 0; w < ATT_WARPS; w++)
      if (sm[w] != -INFINITY) a += sacc[w][d] * __expf(sm[w] - M);
    if (numSplits == 1) {
      out[((size_t)t * numHeads + h) * headDim + d] = L > 0.0f ? a / L : 0.0f;
    } else {
      partAcc[part * headDim + d] = a;
    }
  }
  if (numSplits > 1 && threadIdx.x == 0) { partMax[part] = M; partSum[part] = L; }
}

// Combines the splits of paged_attention_f32. grid (numTokens, numHeads), block 128.
extern "C" __global__ void paged_attention_reduce(float* out, const float* partMax, const float* partSum,
                                                  const float* partAcc, int numHeads, int headDim, int numSplits) {
  int t = blockIdx.x, h = blockIdx.y;
  size_t base = ((size_t)t * numHeads + h) * numSplits;
  float M = -INFINITY;
  for (int s = 0; s < numSplits; s++) M = fmaxf(M, partMax[base + s]);
  float L = 0.0f;
  for (int s = 0; s < numSplits; s++)
    if (partMax[base + s] != -INFINITY) L += partSum[base + s] * __expf(partMax[base + s] - M);
  for (int d = threadIdx.x; d < headDim; d += blockDim.x) {
    float a = 0.0f;
    for (int s = 0; s < numSplits; s++)
      if (partMax[base + s] != -INFINITY) a += partAcc[(base + s) * headDim + d] * __expf(partMax[base + s] - M);
    out[((size_t)t * numHeads + h) * headDim + d] = L > 0.0f ? a / L : 0.0f;
  }
}
