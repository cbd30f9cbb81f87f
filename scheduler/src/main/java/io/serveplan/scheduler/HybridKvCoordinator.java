package io.serveplan.scheduler;

import io.serveplan.scheduler.kv.BlockPool;
import io.serveplan.scheduler.kv.HybridKvCacheManager;
import io.serveplan.scheduler.kv.KvCacheGroup;
import java.util.List;

/**
 * A hybrid model's requests through {@link HybridKvCacheManager}: per-group tables over the shared
 * pool, sliding and chunked groups trimmed before each allocation, a state group's fixed blocks per
 * running sequence. No prefix caching (the config refuses it): every admission computes from 0.
 * A request's own {@link Request#blockTable()} stays empty; {@link Scheduler#blockTable(long, int)}
 * gives a group's table.
 */
final class HybridKvCoordinator extends KvCoordinator {

  private final HybridKvCacheManager manager;
  private final int blockSize;

  HybridKvCoordinator(BlockPool pool, int blockSize, List<KvCacheGroup> groups) {
    this.manager = new HybridKvCacheManager(pool, blockSize, groups);
    this.blockSize = blockSize;
  }

  HybridKvCacheManager manager() {
    return manager;
  }

  @Override
  int findPrefixHit(Request r) {
    return 0;
  }

  @Override
  boolean allocateWithHit(Request r, int numNewTokens) {
    return manager.allocate(r.requestId(), 0, numNewTokens);
  }

  @Override
  boolean allocateSlots(Request r, int numNewTokens) {
    return manager.allocate(r.requestId(), r.numComputedTokens, numNewTokens);
  }

  @Override
  boolean swapIn(Request r, int numSwappedBlocks, int numNewTokens) {
    // The swapped blocks come back into a rebuilt table: slots already out of a window stay freed.
    return manager.allocate(r.requestId(), r.numComputedTokens, numNewTokens);
  }

  @Override
  void cacheFullBlocks(Request r) {
    // no prefix caching for hybrid models
  }

  @Override
  void free(Request r) {
    manager.free(r.requestId());
  }

  @Override
  int numBlocksHeld(Request r) {
    return manager.blocksHeld(r.requestId());
  }

  @Override
  int[] newBlocks(Request r, int before) {
    return manager.lastAllocatedBlocks();
  }

  @Override
  int[] admittedBlocks(Request r) {
    return manager.lastAllocatedBlocks();
  }

  @Override
  long maxBlocksHeld(int maxTokens, int maxChunk) {
    return manager.maxBlocksHeld(maxTokens, maxChunk);
  }

  @Override
  int tokensWithoutBlockChange(Request r) {
    return manager.tokensWithoutBlockChange(r.requestId(), r.numComputedTokens);
  }

  @Override
  void checkTables(List<Request> running, Iterable<Request> waiting) {
    manager.checkInvariants();
    List<KvCacheGroup> groups = manager.groups();
    for (Request r : running) {
      if (!manager.holdsTables(r.requestId())) {
        throw new IllegalStateException("running request " + r.requestId() + " holds no tables");
      }
      for (int g = 0; g < groups.size(); g++) {
        KvCacheGroup group = groups.get(g);
        int len = manager.tableLength(r.requestId(), g);
        if (group.kind() == KvCacheGroup.Kind.STATE ? len != group.stateBlocks()
            : r.numComputedTokens > len * blockSize) {
          throw new IllegalStateException("request " + r.requestId() + " computed "
              + r.numComputedTokens + " tokens but its " + group.name() + " table has " + len
              + " slots");
        }
      }
    }
    for (Request r : waiting) {
      if (manager.holdsTables(r.requestId())) {
        throw new IllegalStateException("waiting request " + r.requestId() + " holds blocks");
      }
    }
    if (manager.numRequests() != running.size()) {
      throw new IllegalStateException(manager.numRequests() + " requests hold tables but "
          + running.size() + " are running");
    }
  }
}
