package io.serveplan.scheduler;

import io.serveplan.scheduler.kv.BlockPool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Shared fixtures of the vLLM v1 conformance suite (tests/v1/core/test_scheduler.py,
 * test_prefix_caching.py, test_kv_cache_utils.py, read at vllm-project/vllm commit 003df29).
 *
 * <p>Block ids: vLLM reserves block 0 as its "null block", so a vLLM pool of {@code n} blocks has
 * {@code n - 1} usable blocks numbered from 1. ServePlan has no null block: the same scenario uses
 * a pool of {@code n - 1} blocks numbered from 0, and every expected vLLM block id {@code k} is
 * {@code k - 1} here.
 */
final class VllmConformance {

  static final long SEED = 0L;

  private VllmConformance() {}

  /** vLLM's {@code [i for i in range(n) for _ in range(blockSize)]}: n full blocks, block i all i. */
  static int[] blocksOfValues(int n, int blockSize) {
    return IntStream.range(0, n * blockSize).map(t -> t / blockSize).toArray();
  }

  static int[] repeat(int value, int n) {
    int[] a = new int[n];
    Arrays.fill(a, value);
    return a;
  }

  static int[] range(int from, int to) {
    return IntStream.range(from, to).toArray();
  }

  static int[] concat(int[]... parts) {
    return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
  }

  /** A manager over a fresh pool, as vLLM's {@code make_kv_cache_manager}. */
  static KvCacheManager manager(int numBlocks, int blockSize, boolean prefixCaching) {
    return new KvCacheManager(new BlockPool(numBlocks, prefixCaching), blockSize, SEED);
  }

  /** A request of the manager-level tests (vLLM's make_request sets max_tokens=17). */
  static Request request(long id, int[] prompt) {
    return new Request(id, prompt, 32, 0, 0, 0);
  }

  static Request request(long id, int[] prompt, long cacheSalt) {
    return new Request(id, prompt, 32, 0, 0, cacheSalt);
  }

  /**
   * vLLM's {@code get_computed_blocks} then {@code allocate_slots(req, num_tokens - hit)}, then the
   * step that computes them (vLLM hashes full blocks inside allocate_slots; ServePlan hashes them
   * once the step computed them, so the pair is one call here).
   *
   * @return the prefix-hit tokens, or -1 when the pool could not supply the blocks
   */
  static int allocatePrompt(KvCacheManager kv, Request r) {
    int hit = kv.findPrefixHit(r);
    if (!kv.allocateWithHit(r, r.numTokens() - hit)) {
      return -1;
    }
    r.numComputedTokens = r.numTokens();
    kv.cacheFullBlocks(r);
    return hit;
  }

  /** Appends {@code n} sampled tokens and computes them (a decode of several tokens). */
  static boolean decode(KvCacheManager kv, Request r, int tokenId, int n) {
    int before = r.numComputedTokens;
    for (int i = 0; i < n; i++) {
      r.appendToken(tokenId);
    }
    if (!kv.allocateSlots(r, r.numTokens() - before)) {
      return false;
    }
    r.numComputedTokens = r.numTokens();
    kv.cacheFullBlocks(r);
    return true;
  }

  static List<Integer> table(Request r) {
    return Arrays.stream(r.blockTable()).boxed().toList();
  }

  /** The chained hash of full block {@code blocks - 1} of {@code tokens}, as the pool stores it. */
  static long chainHash(int[] tokens, int blocks, int blockSize, long salt) {
    io.serveplan.scheduler.kv.BlockHasher h = new io.serveplan.scheduler.kv.BlockHasher(SEED);
    long parent = BlockPool.NO_HASH;
    for (int i = 0; i < blocks; i++) {
      parent = h.hash(parent, tokens, i * blockSize, blockSize, salt);
    }
    return parent;
  }

  // ---- scheduler-level fixtures (vLLM tests/v1/core/utils.py) ----

  /** vLLM's {@code create_scheduler}: chunked prefill, blocks of 16, FCFS, 10000 blocks. */
  static SchedulerConfig config(int maxNumSeqs, int maxNumBatchedTokens, int threshold,
      int numBlocks, boolean prefixCaching, QueueOrder order) {
    return new SchedulerConfig(SchedulingPolicy.CHUNKED_PREFILL, maxNumSeqs, maxNumBatchedTokens,
        threshold, 16, numBlocks, 0, prefixCaching, SEED, PreemptionMode.RECOMPUTE, order, 0L);
  }

  static SchedulerConfig defaults() {
    return config(16, 8192, 0, 10_000, false, QueueOrder.FCFS);
  }

  /**
   * vLLM's {@code create_requests}: request i has prompt {@code [i] * numTokens}, max_tokens 16,
   * arrival time i.
   */
  static List<Request> createRequests(int n, int numTokens, int maxTokens) {
    List<Request> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Request(i, repeat(i, numTokens), maxTokens, i, 0, 0));
    }
    return out;
  }

  /** vLLM's {@code create_requests_with_priority}: prompt {@code [i + start] * numTokens}. */
  static Request withPriority(long id, int priority, long arrival, int numTokens, int maxTokens) {
    return new Request(id, repeat((int) id, numTokens), maxTokens, arrival, priority, 0);
  }

  /** One step: plan, every request samples {@code token}, invariants checked. */
  static StepPlan step(Scheduler s, List<Request> finished) {
    StepPlan plan = s.schedule(0);
    finished.addAll(s.update(plan, StepResult.zeros()));
    s.checkInvariants();
    return plan;
  }

  static StepPlan step(Scheduler s) {
    return step(s, new ArrayList<>());
  }

  static List<Long> ids(List<ScheduledRequest> srs) {
    return srs.stream().map(ScheduledRequest::requestId).toList();
  }

  static int tokensOf(StepPlan p, long requestId) {
    return p.scheduled().stream().filter(sr -> sr.requestId() == requestId)
        .mapToInt(ScheduledRequest::numScheduledTokens).findFirst().orElse(0);
  }
}
