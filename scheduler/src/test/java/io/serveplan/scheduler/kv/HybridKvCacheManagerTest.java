package io.serveplan.scheduler.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HybridKvCacheManagerTest {

  private static final int BS = 4;

  @Test
  void slidingWindowBlocksBeyondTheWindowReturnToThePool() {
    BlockPool pool = new BlockPool(64, false);
    HybridKvCacheManager kv = new HybridKvCacheManager(pool, BS,
        List.of(KvCacheGroup.full(), KvCacheGroup.sliding(8, 0)));
    assertThat(kv.allocate(1, 0, 16)).isTrue(); // a 16-token prompt: 4 blocks in each group
    kv.checkInvariants();
    assertThat(kv.blocksHeld(1, 0)).isEqualTo(4);
    assertThat(kv.blocksHeld(1, 1)).isEqualTo(4);
    int firstSlidingBlock = kv.blockTable(1, 1)[0];
    for (int computed = 16; computed < 41; computed++) {
      assertThat(kv.allocate(1, computed, 1)).isTrue(); // one decode token
      kv.checkInvariants();
    }
    // at 40 computed tokens the next token (position 40) attends to positions 33..40: blocks 8..10
    assertThat(kv.blocksHeld(1, 0)).isEqualTo(11); // ceil(41 / 4)
    assertThat(kv.blocksHeld(1, 1)).isEqualTo(3);
    int[] table = kv.blockTable(1, 1);
    for (int i = 0; i < 8; i++) {
      assertThat(table[i]).isEqualTo(HybridKvCacheManager.FREED);
    }
    assertThat(pool.isFree(firstSlidingBlock)).isTrue();
    assertThat(pool.numFreeBlocks()).isEqualTo(64 - 11 - 3);
    kv.free(1);
    kv.checkInvariants();
    assertThat(pool.numFreeBlocks()).isEqualTo(64);
  }

  @Test
  void sinkBlocksAreKeptWhileTheWindowMoves() {
    BlockPool pool = new BlockPool(64, false);
    HybridKvCacheManager kv = new HybridKvCacheManager(pool, BS, List.of(KvCacheGroup.sliding(8, 4)));
    kv.allocate(7, 0, 40);
    kv.allocate(7, 40, 1);
    int[] table = kv.blockTable(7, 0);
    assertThat(table[0]).isNotEqualTo(HybridKvCacheManager.FREED); // the 4 sink tokens
    assertThat(table[1]).isEqualTo(HybridKvCacheManager.FREED);
    assertThat(kv.blocksHeld(7, 0)).isEqualTo(1 + 3);
    kv.checkInvariants();
  }

  @Test
  void chunkedLayersFreeTheBlocksOfEarlierChunks() {
    BlockPool pool = new BlockPool(32, false);
    HybridKvCacheManager kv = new HybridKvCacheManager(pool, BS,
        List.of(KvCacheGroup.full(), KvCacheGroup.chunked(8)));
    kv.allocate(3, 0, 13);
    kv.allocate(3, 13, 1); // position 13 is in chunk 8..15: blocks 0 and 1 are no longer needed
    assertThat(kv.blocksHeld(3, 1)).isEqualTo(2);
    assertThat(kv.blocksHeld(3, 0)).isEqualTo(4);
    kv.checkInvariants();
  }

  @Test
  void aLinearLayerHoldsExactlyItsStatePerRunningSequence() {
    BlockPool pool = new BlockPool(100, false);
    HybridKvCacheManager kv = new HybridKvCacheManager(pool, BS,
        List.of(KvCacheGroup.full(), KvCacheGroup.state(3)));
    int[] computed = new int[5];
    for (int r = 0; r < 5; r++) {
      assertThat(kv.allocate(r, 0, 5 + r * 3)).isTrue();
      computed[r] = 5 + r * 3;
    }
    for (int step = 0; step < 20; step++) {
      for (int r = 0; r < 5; r++) {
        assertThat(kv.allocate(r, computed[r], 1)).isTrue();
        computed[r]++;
        assertThat(kv.blocksHeld(r, 1)).as("state of request %d", r).isEqualTo(3);
      }
      kv.checkInvariants();
    }
    int fullBlocks = 0;
    for (int r = 0; r < 5; r++) {
      fullBlocks += (computed[r] + BS - 1) / BS;
    }
    assertThat(pool.numFreeBlocks()).isEqualTo(100 - fullBlocks - 5 * 3);
    kv.free(2);
    assertThat(kv.blocksHeld(2, 1)).isZero();
    kv.checkInvariants();
  }

  @Test
  void anAllocationThatDoesNotFitChangesNothing() {
    BlockPool pool = new BlockPool(6, false);
    HybridKvCacheManager kv = new HybridKvCacheManager(pool, BS,
        List.of(KvCacheGroup.full(), KvCacheGroup.state(2)));
    assertThat(kv.allocate(1, 0, 8)).isTrue(); // 2 + 2 blocks
    assertThat(kv.allocate(2, 0, 4)).isFalse(); // needs 1 + 2, only 2 free
    assertThat(kv.blocksHeld(2, 0)).isZero();
    assertThat(kv.blocksHeld(2, 1)).isZero();
    assertThat(pool.numFreeBlocks()).isEqualTo(2);
    kv.checkInvariants();
  }

  @Test
  void invariantsHoldAfterEveryStepOfARandomHybridWorkload() {
    for (long seed = 1; seed <= 20; seed++) {
      Random rnd = new Random(seed);
      BlockPool pool = new BlockPool(400, false);
      int window = 1 + rnd.nextInt(40);
      int chunk = 1 + rnd.nextInt(40);
      HybridKvCacheManager kv = new HybridKvCacheManager(pool, BS, List.of(KvCacheGroup.full(),
          KvCacheGroup.sliding(window, rnd.nextInt(6)), KvCacheGroup.chunked(chunk),
          KvCacheGroup.state(2)));
      List<int[]> running = new ArrayList<>(); // {id, computed, remaining}
      int nextId = 0;
      for (int step = 0; step < 300; step++) {
        if (running.size() < 8 && rnd.nextInt(3) == 0) {
          running.add(new int[] {nextId++, 0, 20 + rnd.nextInt(120)});
        }
        for (int i = running.size() - 1; i >= 0; i--) {
          int[] r = running.get(i);
          int chunkTokens = r[1] == 0 ? 1 + rnd.nextInt(30) : 1;
          if (kv.allocate(r[0], r[1], chunkTokens)) {
            r[1] += chunkTokens;
            r[2] -= chunkTokens;
            int slidingHeld = kv.blocksHeld(r[0], 1);
            int bound = (window - 1 + chunkTokens + BS - 1) / BS + 1
                + (kv.groups().get(1).sinkTokens() + BS - 1) / BS;
            assertThat(slidingHeld).as("seed %d sliding blocks", seed).isLessThanOrEqualTo(bound);
            assertThat(kv.blocksHeld(r[0], 3)).isEqualTo(2);
          }
          if (r[2] <= 0) {
            kv.free(r[0]);
            running.remove(i);
          }
        }
        kv.checkInvariants();
      }
      running.forEach(r -> kv.free(r[0]));
      kv.checkInvariants();
      assertThat(pool.numFreeBlocks()).as("seed %d: no leak", seed).isEqualTo(400);
    }
  }
}
