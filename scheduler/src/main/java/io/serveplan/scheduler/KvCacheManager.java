package io.serveplan.scheduler;

import io.serveplan.scheduler.kv.BlockHasher;
import io.serveplan.scheduler.kv.BlockPool;
import java.util.Arrays;
import java.util.List;

/**
 * Per-request block tables over the shared {@link BlockPool}: prefix lookup at admission, slot
 * allocation as tokens are scheduled, hashing of blocks as they fill, freeing.
 */
final class KvCacheManager extends KvCoordinator {

  private static final int[] NO_BLOCKS = new int[0];

  private final BlockPool pool;
  private final BlockHasher hasher;
  private final int blockSize;
  private final boolean prefixCaching;
  private int[] hitBlocks = new int[64];
  private long[] hitHashes = new long[64];
  private int numHitBlocks;

  KvCacheManager(BlockPool pool, int blockSize, long hashSeed) {
    this.pool = pool;
    this.hasher = new BlockHasher(hashSeed);
    this.blockSize = blockSize;
    this.prefixCaching = pool.prefixCaching();
  }

  BlockPool pool() {
    return pool;
  }

  /**
   * Finds the longest cached prefix of {@code r}'s known tokens, in whole blocks, leaving at least
   * one token to compute. Remembers the hit for the next {@link #allocate}; no side effects on the
   * pool.
   *
   * @return the number of cached tokens
   */
  @Override
  int findPrefixHit(Request r) {
    numHitBlocks = 0;
    if (!prefixCaching) {
      return 0;
    }
    int maxBlocks = (r.numTokens - 1) / blockSize;
    if (hitBlocks.length < maxBlocks) {
      hitBlocks = new int[Math.max(maxBlocks, hitBlocks.length * 2)];
      hitHashes = new long[hitBlocks.length];
    }
    long parent = BlockPool.NO_HASH;
    int[] tokens = r.tokensArray();
    for (int i = 0; i < maxBlocks; i++) {
      long h = hasher.hash(parent, tokens, i * blockSize, blockSize, r.cacheSalt());
      int b = pool.lookup(h);
      if (b < 0) {
        break;
      }
      hitBlocks[numHitBlocks] = b;
      hitHashes[numHitBlocks] = h;
      numHitBlocks++;
      parent = h;
    }
    return numHitBlocks * blockSize;
  }

  /**
   * Gives {@code r} (which holds no blocks) the blocks of the last {@link #findPrefixHit} and new
   * blocks for {@code numNewTokens} tokens after them.
   *
   * @return false, with nothing changed, when the pool cannot supply the blocks
   */
  @Override
  boolean allocateWithHit(Request r, int numNewTokens) {
    int cached = numHitBlocks * blockSize;
    int needNew = ceilDiv(cached + numNewTokens, blockSize) - numHitBlocks;
    int hitsOnFreeBlocks = 0;
    for (int i = 0; i < numHitBlocks; i++) {
      if (pool.isFree(hitBlocks[i])) {
        hitsOnFreeBlocks++;
      }
    }
    if (needNew + hitsOnFreeBlocks > pool.numFreeBlocks()) {
      return false;
    }
    for (int i = 0; i < numHitBlocks; i++) {
      pool.touch(hitBlocks[i]);
      r.addBlock(hitBlocks[i]);
    }
    r.numHashedBlocks = numHitBlocks;
    r.lastBlockHash = numHitBlocks == 0 ? BlockPool.NO_HASH : hitHashes[numHitBlocks - 1];
    for (int i = 0; i < needNew; i++) {
      r.addBlock(pool.allocate());
    }
    return true;
  }

  /** Number of new blocks {@code r} needs to hold {@code numNewTokens} more computed tokens. */
  int blocksNeeded(Request r, int numNewTokens) {
    return Math.max(0, ceilDiv(r.numComputedTokens + numNewTokens, blockSize) - r.numBlocks);
  }

  /**
   * Extends {@code r}'s table to hold {@code numNewTokens} more computed tokens.
   *
   * @return false, with nothing changed, when too few blocks are free
   */
  @Override
  boolean allocateSlots(Request r, int numNewTokens) {
    int need = blocksNeeded(r, numNewTokens);
    if (need > pool.numFreeBlocks()) {
      return false;
    }
    for (int i = 0; i < need; i++) {
      r.addBlock(pool.allocate());
    }
    return true;
  }

  /** Swap-in: {@code n} fresh blocks for the swapped ones, then room for the new tokens. */
  @Override
  boolean swapIn(Request r, int n, int numNewTokens) {
    int need = Math.max(n, ceilDiv(r.numComputedTokens + numNewTokens, blockSize));
    if (need > pool.numFreeBlocks()) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      r.addBlock(pool.allocate());
    }
    r.numHashedBlocks = 0;
    r.lastBlockHash = BlockPool.NO_HASH;
    allocateSlots(r, numNewTokens);
    cacheFullBlocks(r);
    return true;
  }

  @Override
  int numBlocksHeld(Request r) {
    return r.numBlocks;
  }

  @Override
  int[] newBlocks(Request r, int before) {
    if (r.numBlocks == before) {
      return NO_BLOCKS;
    }
    return Arrays.copyOfRange(r.blockTable, before, r.numBlocks);
  }

  @Override
  int[] admittedBlocks(Request r) {
    return r.blockTable();
  }

  @Override
  long maxBlocksHeld(int maxTokens, int maxChunk) {
    return ceilDiv(maxTokens, blockSize);
  }

  @Override
  int tokensWithoutBlockChange(Request r) {
    return r.numBlocks * blockSize - r.numComputedTokens;
  }

  /**
   * The pool's invariants, and that the running requests' tables account for every reference;
   * waiting requests hold nothing.
   */
  @Override
  void checkTables(List<Request> running, Iterable<Request> waiting) {
    pool.checkInvariants();
    int[] refs = new int[pool.numBlocks()];
    for (Request r : running) {
      if (r.numComputedTokens > r.numBlocks * blockSize) {
        throw new IllegalStateException("request " + r.requestId() + " computed "
            + r.numComputedTokens + " tokens but holds " + r.numBlocks + " blocks");
      }
      for (int i = 0; i < r.numBlocks; i++) {
        refs[r.blockTable[i]]++;
      }
    }
    for (Request r : waiting) {
      if (r.numBlocks != 0) {
        throw new IllegalStateException("waiting request " + r.requestId() + " holds " + r.numBlocks + " blocks");
      }
    }
    for (int b = 0; b < refs.length; b++) {
      if (refs[b] != pool.refCount(b)) {
        throw new IllegalStateException("block " + b + " has ref count " + pool.refCount(b)
            + " but " + refs[b] + " table references");
      }
    }
  }

  /** Hashes the blocks of {@code r} that became full since the last call. */
  @Override
  void cacheFullBlocks(Request r) {
    if (!prefixCaching) {
      return;
    }
    int full = r.numComputedTokens / blockSize;
    int[] tokens = r.tokensArray();
    while (r.numHashedBlocks < full) {
      int i = r.numHashedBlocks;
      long h = hasher.hash(r.lastBlockHash, tokens, i * blockSize, blockSize, r.cacheSalt());
      pool.cacheBlock(r.blockTable[i], h);
      r.lastBlockHash = h;
      r.numHashedBlocks++;
    }
  }

  /** Releases all of {@code r}'s blocks, last block first so that a prefix's tail is evicted first. */
  @Override
  void free(Request r) {
    for (int i = r.numBlocks - 1; i >= 0; i--) {
      pool.release(r.blockTable[i]);
    }
    r.numBlocks = 0;
    r.numHashedBlocks = 0;
    r.lastBlockHash = BlockPool.NO_HASH;
  }

  int blockSize() {
    return blockSize;
  }
}
