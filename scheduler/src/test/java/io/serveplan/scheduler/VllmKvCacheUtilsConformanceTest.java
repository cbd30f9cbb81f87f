package io.serveplan.scheduler;

import static io.serveplan.scheduler.VllmConformance.allocatePrompt;
import static io.serveplan.scheduler.VllmConformance.concat;
import static io.serveplan.scheduler.VllmConformance.range;
import static io.serveplan.scheduler.VllmConformance.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serveplan.scheduler.kv.BlockHasher;
import io.serveplan.scheduler.kv.BlockPool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * vLLM tests/v1/core/test_kv_cache_utils.py: the block (ref count, hash), the free block queue
 * (popleft = {@link BlockPool#allocate}, remove = {@link BlockPool#touch} of a free block, append =
 * {@link BlockPool#release} to zero), the chained block hash and the prefix-cache counters.
 */
class VllmKvCacheUtilsConformanceTest {

  @Test
  @DisplayName("mirrors test_kv_cache_utils.py::test_kv_cache_block")
  void aBlocksRefCountRisesAndFallsAndItsHashIsSetThenClearedOnReuse() {
    BlockPool pool = new BlockPool(1, true);
    assertThat(pool.refCount(0)).isZero();
    int b = pool.allocate();
    assertThat(pool.refCount(b)).isEqualTo(1);
    pool.touch(b);
    assertThat(pool.refCount(b)).isEqualTo(2);
    pool.release(b);
    assertThat(pool.refCount(b)).isEqualTo(1);

    assertThat(pool.cacheBlock(b, 0xABCL)).isTrue();
    assertThat(pool.blockHash(b)).isEqualTo(0xABCL);
    pool.release(b);
    assertThat(pool.refCount(b)).isZero();
    assertThat(pool.blockHash(b)).as("a free block keeps its hash").isEqualTo(0xABCL);
    pool.allocate();
    assertThat(pool.blockHash(b)).isEqualTo(BlockPool.NO_HASH);
    // vLLM asserts on a decrement below zero; ServePlan throws naming the block.
    pool.release(b);
    assertThatThrownBy(() -> pool.release(b)).hasMessageContaining("block 0 released with ref count 0");
  }

  @Test
  @DisplayName("mirrors test_kv_cache_utils.py::test_free_kv_cache_block_queue_initialization")
  void aNewPoolHasEveryBlockFreeInIdOrder() {
    BlockPool pool = new BlockPool(4, true);
    assertThat(pool.freeQueue()).containsExactly(0, 1, 2, 3);
    assertThat(pool.numFreeBlocks()).isEqualTo(4);
    pool.checkInvariants();
  }

  @Test
  @DisplayName("mirrors test_kv_cache_utils.py::test_free_kv_cache_block_queue_operations")
  void popleftRemoveAndAppendKeepTheQueueLinked() {
    BlockPool pool = new BlockPool(5, true);
    assertThat(pool.allocate()).isZero(); // popleft
    assertThat(pool.numFreeBlocks()).isEqualTo(4);
    assertThat(pool.freeQueue()).first().isEqualTo(1);

    pool.touch(2); // remove from the middle
    assertThat(pool.numFreeBlocks()).isEqualTo(3);
    assertThat(pool.freeQueue()).containsExactly(1, 3, 4);

    pool.release(0); // append
    assertThat(pool.numFreeBlocks()).isEqualTo(4);
    assertThat(pool.freeQueue()).last().isEqualTo(0);

    List<Integer> popped = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      popped.add(pool.allocate());
    }
    assertThat(popped).containsExactly(1, 3, 4, 0);
    // vLLM raises "No free blocks available"; ServePlan answers -1 (not fitting is a value).
    assertThat(pool.allocate()).isEqualTo(-1);
    assertThat(pool.numFreeBlocks()).isZero();
    pool.checkInvariants();
  }

  @Test
  @DisplayName("mirrors test_kv_cache_utils.py::test_free_kv_cache_block_queue_get_all_free_blocks")
  void theFreeQueueListsBlocksInEvictionOrder() {
    BlockPool pool = new BlockPool(5, true);
    assertThat(pool.freeQueue()).containsExactly(0, 1, 2, 3, 4);
    pool.allocate();
    assertThat(pool.freeQueue()).containsExactly(1, 2, 3, 4);
    pool.touch(3);
    assertThat(pool.freeQueue()).containsExactly(1, 2, 4);
    pool.release(0);
    assertThat(pool.freeQueue()).containsExactly(1, 2, 4, 0);
  }

  @Test
  @DisplayName("mirrors test_kv_cache_utils.py::test_hash_block_tokens")
  void aBlockHashCoversItsParentItsTokensAndTheExtraKey() {
    BlockHasher h = new BlockHasher(0);
    int[] tokens = {1, 2, 3, 4, 5, 6};
    long parent = h.hash(BlockPool.NO_HASH, tokens, 0, 3, 0);
    long block = h.hash(parent, tokens, 3, 3, 0);
    assertThat(h.hash(parent, tokens, 3, 3, 0)).isEqualTo(block);
    assertThat(h.hash(parent + 1, tokens, 3, 3, 0)).isNotEqualTo(block);
    assertThat(h.hash(parent, tokens, 3, 3, 7)).isNotEqualTo(block);
    assertThat(h.hash(parent, new int[] {1, 2, 3, 4, 5, 7}, 3, 3, 0)).isNotEqualTo(block);
    assertThat(block).isNotEqualTo(BlockPool.NO_HASH);
  }

  @Test
  @DisplayName("mirrors test_kv_cache_utils.py::test_request_block_hasher / test_hash_request_tokens_no_mm_inputs")
  void aRequestsFullBlocksAreHashedAsAChainAndItsPartialBlockIsNot() {
    KvCacheManager kv = VllmConformance.manager(4, 3, true);
    int[] prompt = {0, 1, 2, 3, 4, 5, 6};
    Request r = VllmConformance.request(0, prompt);
    allocatePrompt(kv, r);
    BlockHasher h = new BlockHasher(VllmConformance.SEED);
    long h0 = h.hash(BlockPool.NO_HASH, prompt, 0, 3, 0);
    long h1 = h.hash(h0, prompt, 3, 3, 0);
    assertThat(kv.pool().blockHash(r.blockTable()[0])).isEqualTo(h0);
    assertThat(kv.pool().blockHash(r.blockTable()[1])).isEqualTo(h1);
    assertThat(kv.pool().blockHash(r.blockTable()[2])).isEqualTo(BlockPool.NO_HASH);
    assertThat(kv.pool().numCachedBlocks()).isEqualTo(2);
  }

  @Test
  @DisplayName("mirrors test_kv_cache_utils.py::test_none_hash (the root hash is seeded and deterministic)")
  void theRootBlockHashDependsOnTheSeedAndIsTheSameAcrossInstances() {
    int[] tokens = range(0, 16);
    long a = new BlockHasher(42).hash(BlockPool.NO_HASH, tokens, 0, 16, 0);
    // Like vLLM's fixed default seed when PYTHONHASHSEED is unset: two schedulers (two replicas,
    // two processes) agree on every block hash, so prefix-aware routing can compare them.
    assertThat(new BlockHasher(42).hash(BlockPool.NO_HASH, tokens, 0, 16, 0)).isEqualTo(a);
    assertThat(new BlockHasher(43).hash(BlockPool.NO_HASH, tokens, 0, 16, 0)).isNotEqualTo(a);

    Scheduler s1 = new Scheduler(VllmConformance.config(4, 64, 0, 8, true, QueueOrder.FCFS));
    Scheduler s2 = new Scheduler(VllmConformance.config(4, 64, 0, 8, true, QueueOrder.FCFS));
    for (Scheduler s : List.of(s1, s2)) {
      s.addRequest(new Request(0, range(0, 33), 1, 0, 0, 0));
      VllmConformance.step(s);
    }
    assertThat(s1.blockPool().blockHash(1)).isEqualTo(s2.blockPool().blockHash(1))
        .isNotEqualTo(BlockPool.NO_HASH);
  }

  @Test
  @DisplayName("mirrors test_kv_cache_utils.py::test_metrics (cumulative here)")
  void prefixQueriesAndHitsAreCountedInTokensPerAdmission() {
    // vLLM's CachingMetrics reports the hit rate over the last N requests; ServePlan keeps
    // cumulative token counters and leaves windows to the caller (the simulator's metrics).
    Scheduler s = new Scheduler(VllmConformance.config(4, 256, 0, 32, true, QueueOrder.FCFS));
    int[] shared = VllmConformance.blocksOfValues(2, 16);
    s.addRequest(new Request(0, concat(shared, repeat(9, 8)), 1, 0, 0, 0));
    VllmConformance.step(s);
    assertThat(s.kvCacheStats().prefixQueryTokens()).isEqualTo(40);
    assertThat(s.kvCacheStats().prefixHitTokens()).isZero();

    s.addRequest(new Request(1, concat(shared, repeat(8, 4)), 1, 1, 0, 0));
    s.addRequest(new Request(2, repeat(5, 20), 1, 2, 0, 0));
    VllmConformance.step(s);
    assertThat(s.kvCacheStats().prefixQueryTokens()).isEqualTo(40 + 36 + 20);
    assertThat(s.kvCacheStats().prefixHitTokens()).isEqualTo(32);
  }

  @Test
  @DisplayName("mirrors test_kv_cache_utils.py::test_check_enough_kv_cache_memory_respects_num_gpu_blocks_override (per request)")
  void aRequestThatFitsThePoolExactlyIsAcceptedAndOneTokenMoreIsRefused() {
    // vLLM refuses to start when max_model_len does not fit the pool of num_gpu_blocks;
    // ServePlan checks each request (prompt + outputs - 1 positions need KV) when it is added.
    Scheduler s = new Scheduler(VllmConformance.config(4, 64, 0, 4, false, QueueOrder.FCFS));
    s.addRequest(new Request(0, range(0, 60), 5, 0, 0, 0)); // 64 positions = 4 blocks of 16
    assertThatThrownBy(() -> s.addRequest(new Request(1, range(0, 61), 5, 0, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("request 1 needs 5 KV blocks but the pool has only 4");
    while (s.hasUnfinishedRequests()) {
      VllmConformance.step(s);
    }
    assertThat(s.blockPool().numFreeBlocks()).isEqualTo(4);
  }
}
