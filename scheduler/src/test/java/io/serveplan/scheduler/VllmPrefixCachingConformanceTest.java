package io.serveplan.scheduler;

import static io.serveplan.scheduler.VllmConformance.allocatePrompt;
import static io.serveplan.scheduler.VllmConformance.blocksOfValues;
import static io.serveplan.scheduler.VllmConformance.chainHash;
import static io.serveplan.scheduler.VllmConformance.concat;
import static io.serveplan.scheduler.VllmConformance.decode;
import static io.serveplan.scheduler.VllmConformance.manager;
import static io.serveplan.scheduler.VllmConformance.range;
import static io.serveplan.scheduler.VllmConformance.repeat;
import static io.serveplan.scheduler.VllmConformance.request;
import static io.serveplan.scheduler.VllmConformance.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.scheduler.kv.BlockPool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * vLLM tests/v1/core/test_prefix_caching.py, expressed against {@link KvCacheManager} and
 * {@link BlockPool}. vLLM block id k is k - 1 here (no null block; see {@link VllmConformance}).
 */
class VllmPrefixCachingConformanceTest {

  private static final int BS = 16;
  /** Three full blocks: 16 × 0, 16 × 1, 16 × 2. */
  private static final int[] COMMON = blocksOfValues(3, BS);

  @Test
  @DisplayName("mirrors test_prefix_caching.py::test_prefill (miss: new blocks, full blocks hashed, partial not)")
  void aColdPromptTakesBlocksFromTheHeadAndHashesOnlyItsFullBlocks() {
    KvCacheManager kv = manager(10, BS, true);
    int[] tokens = concat(COMMON, repeat(3, 7));
    Request r0 = request(0, tokens);

    assertThat(allocatePrompt(kv, r0)).isZero();

    assertThat(table(r0)).containsExactly(0, 1, 2, 3);
    BlockPool pool = kv.pool();
    for (int b = 0; b < 3; b++) {
      assertThat(pool.blockHash(b)).as("block %d", b).isEqualTo(chainHash(tokens, b + 1, BS, 0));
      assertThat(pool.refCount(b)).isEqualTo(1);
    }
    assertThat(pool.blockHash(3)).isEqualTo(BlockPool.NO_HASH);
    assertThat(pool.refCount(3)).isEqualTo(1);
  }

  @Test
  @DisplayName("mirrors test_prefix_caching.py::test_prefill (hit on blocks still in use: ref count 2)")
  void aPromptSharingAnInUsePrefixReferencesTheSameBlocks() {
    KvCacheManager kv = manager(10, BS, true);
    allocatePrompt(kv, request(0, concat(COMMON, repeat(3, 7))));
    Request r1 = request(1, concat(COMMON, repeat(3, 5)));

    assertThat(kv.findPrefixHit(r1)).isEqualTo(3 * BS);
    assertThat(kv.allocateWithHit(r1, 53 - 3 * BS)).isTrue();

    assertThat(table(r1)).containsExactly(0, 1, 2, 4);
    for (int b = 0; b < 3; b++) {
      assertThat(kv.pool().refCount(b)).isEqualTo(2);
    }
    assertThat(kv.pool().numFreeBlocks()).isEqualTo(5);
  }

  @Test
  @DisplayName("mirrors test_prefix_caching.py::test_prefill (free order, hit on free blocks, eviction order)")
  void freedBlocksJoinTheTailLastBlockFirstAndAreEvictedInThatOrder() {
    KvCacheManager kv = manager(10, BS, true);
    Request r0 = request(0, concat(COMMON, repeat(3, 7)));
    Request r1 = request(1, concat(COMMON, repeat(3, 5)));
    allocatePrompt(kv, r0);
    allocatePrompt(kv, r1);
    kv.free(r0);
    kv.free(r1);

    // Differs on purpose: the vLLM version read puts freed blocks without a hash at the HEAD
    // for immediate reuse ([5, 4, 6..10, 3, 2, 1] in vLLM ids). ServePlan keeps the earlier
    // vLLM order (every freed block at the tail, last block first), which the simulator
    // goldens were computed with: [6..10, 4, 5, 3, 2, 1] in vLLM ids.
    assertThat(kv.pool().freeQueue()).containsExactly(5, 6, 7, 8, 9, 3, 4, 2, 1, 0);
    assertThat(kv.pool().numFreeBlocks()).isEqualTo(10);

    Request r2 = request(2, concat(COMMON, repeat(3, 6)));
    assertThat(allocatePrompt(kv, r2)).isEqualTo(3 * BS);
    assertThat(table(r2)).containsExactly(0, 1, 2, 5);
    assertThat(kv.pool().numFreeBlocks()).isEqualTo(6);
    assertThat(kv.pool().freeQueue()).allSatisfy(b -> assertThat(kv.pool().refCount(b)).isZero());
    kv.free(r2);

    Request r3 = request(3, repeat(99, 16 * 10));
    long evictionsBefore = kv.pool().numEvictions();
    assertThat(allocatePrompt(kv, r3)).isZero();
    assertThat(table(r3)).containsExactly(6, 7, 8, 9, 3, 4, 5, 2, 1, 0);
    assertThat(kv.pool().numFreeBlocks()).isZero();
    assertThat(kv.pool().freeQueue()).isEmpty();
    assertThat(kv.pool().numEvictions() - evictionsBefore).isEqualTo(3); // the common blocks
  }

  @Test
  @DisplayName("mirrors test_prefix_caching.py::test_decode")
  void decodeTokensFillThePartialBlockBeforeANewOneAndHashItWhenFull() {
    KvCacheManager kv = manager(10, BS, true);
    Request r0 = request(0, concat(COMMON, repeat(3, 7)));
    allocatePrompt(kv, r0);
    assertThat(table(r0)).containsExactly(0, 1, 2, 3);

    assertThat(decode(kv, r0, 8, 4)).isTrue(); // 59 tokens: still inside block 3
    assertThat(table(r0)).containsExactly(0, 1, 2, 3);
    assertThat(kv.pool().blockHash(3)).isEqualTo(BlockPool.NO_HASH);

    assertThat(decode(kv, r0, 7, 9 + 10)).isTrue(); // 78 tokens: block 3 full, block 4 partial
    assertThat(table(r0)).containsExactly(0, 1, 2, 3, 4);
    assertThat(kv.pool().blockHash(3)).isEqualTo(chainHash(r0.tokenIds(), 4, BS, 0));
    assertThat(kv.pool().blockHash(4)).isEqualTo(BlockPool.NO_HASH);
  }

  @Test
  @DisplayName("mirrors test_prefix_caching.py::test_evict")
  void evictionIsLeastRecentlyFreedFirstAndAHitTakesItsBlocksOffTheQueue() {
    KvCacheManager kv = manager(10, BS, true);
    int last = 5 * 16 + 7;
    Request r0 = request(0, range(0, last));
    allocatePrompt(kv, r0);
    assertThat(r0.numBlocks()).isEqualTo(6);
    Request r1 = request(1, range(last, last + 3 * 16));
    allocatePrompt(kv, r1);
    assertThat(r1.numBlocks()).isEqualTo(3);
    assertThat(kv.pool().numFreeBlocks()).isEqualTo(1);

    kv.free(r0);
    // vLLM (newer) moves the uncached partial block 6 to the head: [6, 10, 5, 4, 3, 2, 1].
    // ServePlan keeps it at the tail with the rest, last block first (vLLM ids [10, 6, 5..1]).
    assertThat(kv.pool().freeQueue()).containsExactly(9, 5, 4, 3, 2, 1, 0);
    kv.free(r1);
    assertThat(kv.pool().freeQueue()).containsExactly(9, 5, 4, 3, 2, 1, 0, 8, 7, 6);

    Request r2 = request(2, range(0, 2 * 16 + 3));
    assertThat(allocatePrompt(kv, r2)).isEqualTo(2 * 16);
    assertThat(table(r2)).containsExactly(0, 1, 9);
    assertThat(kv.pool().numFreeBlocks()).isEqualTo(7);
  }

  @Test
  @DisplayName("mirrors test_prefix_caching.py::test_hash_block_correct_reuse")
  void aCachedBlockReusedForAnotherPromptLosesItsHash() {
    KvCacheManager kv = manager(1, BS, true);
    Request r0 = request(0, range(0, 16));
    allocatePrompt(kv, r0);
    assertThat(kv.pool().blockHash(0)).isNotEqualTo(BlockPool.NO_HASH);
    kv.free(r0);

    Request r1 = request(1, range(0, 15));
    assertThat(allocatePrompt(kv, r1)).isZero();
    assertThat(table(r1)).containsExactly(0);
    assertThat(kv.pool().blockHash(0)).isEqualTo(BlockPool.NO_HASH);
    assertThat(kv.pool().numCachedBlocks()).isZero();
  }

  @Test
  @DisplayName("mirrors test_prefix_caching.py::test_computed_blocks_not_evicted")
  void aHitBlockIsNotEvictedToMakeRoomForTheSameRequest() {
    KvCacheManager kv = manager(2, BS, true);
    Request r0 = request(0, range(0, 16));
    Request r1 = request(1, range(16, 32));
    allocatePrompt(kv, r0);
    allocatePrompt(kv, r1);
    assertThat(table(r0)).containsExactly(0);
    assertThat(table(r1)).containsExactly(1);
    kv.free(r0);
    kv.free(r1);

    Request r2 = request(2, range(0, 32));
    assertThat(allocatePrompt(kv, r2)).isEqualTo(16);
    assertThat(table(r2)).containsExactly(0, 1); // block 1 (the other cached block) is evicted
  }

  @Test
  @DisplayName("mirrors test_prefix_caching.py::test_basic_prefix_caching_disabled")
  void withPrefixCachingOffNothingIsSharedAndAFullPoolRefuses() {
    KvCacheManager kv = manager(4, 4, false);
    Request r1 = request(1, range(0, 10));
    assertThat(allocatePrompt(kv, r1)).isZero();
    assertThat(r1.numBlocks()).isEqualTo(3);
    kv.free(r1);

    Request r2 = request(2, range(0, 16));
    assertThat(allocatePrompt(kv, r2)).isZero();
    assertThat(r2.numBlocks()).isEqualTo(4);
    assertThat(kv.pool().numCachedBlocks()).isZero();

    Request r3 = request(3, range(0, 4));
    assertThat(allocatePrompt(kv, r3)).isEqualTo(-1);
    assertThat(r3.numBlocks()).isZero();
  }

  @Test
  @DisplayName("mirrors test_prefix_caching.py::test_cache_blocks")
  void fullBlocksAreCachedIncrementallyFromWhereTheLastCallStopped() {
    KvCacheManager kv = manager(5, 4, true);
    Request r = request(0, range(0, 14));
    kv.allocateSlots(r, 14);
    r.numComputedTokens = 8;
    kv.cacheFullBlocks(r);
    assertThat(kv.pool().numCachedBlocks()).isEqualTo(2);
    assertThat(kv.pool().blockHash(0)).isNotEqualTo(BlockPool.NO_HASH);
    assertThat(kv.pool().blockHash(1)).isNotEqualTo(BlockPool.NO_HASH);

    r.numComputedTokens = 12;
    kv.cacheFullBlocks(r);
    assertThat(kv.pool().numCachedBlocks()).isEqualTo(3);
    assertThat(kv.pool().blockHash(2)).isEqualTo(chainHash(r.tokenIds(), 3, 4, 0));
    r.numComputedTokens = 14;
    kv.cacheFullBlocks(r);
    assertThat(kv.pool().numCachedBlocks()).isEqualTo(3); // block 3 holds 2 of 4 tokens
  }

  @Test
  @DisplayName("mirrors test_prefix_caching.py::test_cache_key_salting")
  void theCacheSaltSeparatesOtherwiseEqualPrompts() {
    KvCacheManager kv = manager(10, BS, true);
    int[] t0 = concat(COMMON, repeat(3, 11));
    Request r0 = request(0, t0, 1);
    allocatePrompt(kv, r0);
    // vLLM mixes the salt into the first block only; ServePlan into every block. Equivalent for
    // hits (the chain carries the first block's hash into all later ones).
    assertThat(kv.pool().blockHash(0)).isEqualTo(chainHash(t0, 1, BS, 1))
        .isNotEqualTo(chainHash(t0, 1, BS, 0));

    int[] t1 = concat(COMMON, repeat(4, 11));
    assertThat(kv.findPrefixHit(request(1, t1, 1))).isEqualTo(3 * BS);
    assertThat(kv.findPrefixHit(request(2, t1, 2))).isZero();
  }

  @Test
  @DisplayName("mirrors test_prefix_caching.py::test_prefill_not_enough_free_blocks_with_computed_blocks")
  void aRefusedAllocationLeavesTheHitBlocksRefCountsAlone() {
    KvCacheManager kv = manager(10, BS, true);
    Request r0 = request(0, COMMON);
    allocatePrompt(kv, r0);
    Request r1 = request(1, concat(COMMON, COMMON));
    assertThat(allocatePrompt(kv, r1)).isEqualTo(3 * BS);
    int[] part1 = r1.blockTable();
    kv.free(r1);
    assertRefCounts(kv, part1, 1, 0);

    allocatePrompt(kv, request(2, repeat(7, 2 * BS)));
    assertThat(kv.pool().numFreeBlocks()).isEqualTo(5);

    Request r3 = request(3, concat(COMMON, COMMON, COMMON));
    assertThat(kv.findPrefixHit(r3)).isEqualTo(6 * BS);
    assertThat(kv.allocateWithHit(r3, 3 * BS)).isFalse();
    assertThat(r3.numBlocks()).isZero();
    assertRefCounts(kv, part1, 1, 0);
    assertThat(kv.pool().numFreeBlocks()).isEqualTo(5);
  }

  private static void assertRefCounts(KvCacheManager kv, int[] blocks, int head, int tail) {
    for (int i = 0; i < blocks.length; i++) {
      assertThat(kv.pool().refCount(blocks[i])).as("block %d", blocks[i]).isEqualTo(i < 3 ? head : tail);
    }
  }

  @Test
  @DisplayName("mirrors test_prefix_caching.py::test_maybe_evict_cached_block (one block per hash here)")
  void aSecondBlockWithAnIndexedHashStaysUncachedAndEvictionDropsTheHash() {
    // Differs on purpose: vLLM indexes several blocks under one hash (duplicates from prompt
    // logprobs or races); ServePlan keeps one block per hash, so a duplicate is simply not cached.
    BlockPool pool = new BlockPool(4, true);
    List<Integer> blocks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      blocks.add(pool.allocate());
    }
    assertThat(pool.cacheBlock(0, 10)).isTrue();
    assertThat(pool.cacheBlock(1, 20)).isTrue();
    assertThat(pool.cacheBlock(2, 30)).isTrue();
    assertThat(pool.cacheBlock(3, 10)).isFalse();
    assertThat(pool.lookup(10)).isZero();
    assertThat(pool.numCachedBlocks()).isEqualTo(3);

    blocks.forEach(pool::release); // free queue 0, 1, 2, 3
    pool.allocate(); // evicts block 0's hash
    assertThat(pool.lookup(10)).isEqualTo(-1);
    assertThat(pool.lookup(20)).isEqualTo(1);
    pool.allocate();
    pool.allocate();
    assertThat(pool.numCachedBlocks()).isZero();
    assertThat(pool.numEvictions()).isEqualTo(3);
    pool.checkInvariants();
  }

  @Test
  @DisplayName("mirrors test_prefix_caching.py::test_eagle_identical_prompt_hits_last_safe_block (non-EAGLE rule)")
  void anIdenticalBlockAlignedPromptRecomputesItsLastBlock() {
    KvCacheManager kv = manager(10, BS, true);
    allocatePrompt(kv, request(0, repeat(0, 3 * BS)));
    // vLLM's get_computed_blocks caps the hit at num_tokens - 1 so the last token is computed
    // for its logits; on a block-aligned prompt that drops the whole last block. Same here.
    assertThat(kv.findPrefixHit(request(1, repeat(0, 3 * BS)))).isEqualTo(2 * BS);
    assertThat(kv.findPrefixHit(request(2, repeat(0, 3 * BS + 1)))).isEqualTo(3 * BS);
  }

  @Test
  @DisplayName("mirrors test_prefix_caching.py::test_block_lookup_cache_single_block_per_key")
  void theIndexMapsAHashToItsBlockUntilThatBlockIsEvicted() {
    BlockPool pool = new BlockPool(2, true);
    assertThat(pool.lookup(1)).isEqualTo(-1);
    int b0 = pool.allocate();
    int b1 = pool.allocate();
    pool.cacheBlock(b0, 1);
    assertThat(pool.lookup(1)).isEqualTo(b0);
    assertThat(pool.lookup(2)).isEqualTo(-1);
    pool.cacheBlock(b1, 2);
    assertThat(pool.lookup(2)).isEqualTo(b1);
    pool.release(b0);
    assertThat(pool.lookup(1)).as("a free block keeps its hash").isEqualTo(b0);
    pool.allocate(); // b0 again, its hash popped
    assertThat(pool.lookup(1)).isEqualTo(-1);
    assertThat(pool.lookup(2)).isEqualTo(b1);
    pool.checkInvariants();
  }

  @Test
  @DisplayName("mirrors test_prefix_caching.py::test_prefill through the scheduler (hit only on computed blocks)")
  void aRequestAdmittedInTheSameStepAsItsPrefixOwnerDoesNotHitIt() {
    // Differs on purpose: vLLM hashes blocks inside allocate_slots, so a request admitted later in
    // the same step already hits blocks being computed in that step. ServePlan hashes a block
    // only after the step that computed it (update), so hits are for KV that exists.
    Scheduler s = new Scheduler(VllmConformance.config(16, 8192, 0, 10, true, QueueOrder.FCFS));
    Request r0 = new Request(0, concat(COMMON, repeat(3, 7)), 4, 0, 0, 0);
    Request r1 = new Request(1, concat(COMMON, repeat(3, 5)), 4, 0, 0, 0);
    s.addRequest(r0);
    s.addRequest(r1);
    VllmConformance.step(s);
    assertThat(r1.numCachedPromptTokens()).isZero();
    assertThat(r1.blockTable()).containsExactly(4, 5, 6, 7);

    Request r2 = new Request(2, concat(COMMON, repeat(3, 6)), 1, 1, 0, 0);
    s.addRequest(r2);
    StepPlan p = VllmConformance.step(s);
    assertThat(r2.numCachedPromptTokens()).isEqualTo(3 * BS);
    assertThat(p.newRequests()).singleElement().satisfies(sr -> {
      assertThat(sr.numComputedTokensBefore()).isEqualTo(48);
      assertThat(sr.numScheduledTokens()).isEqualTo(6);
    });
  }
}
