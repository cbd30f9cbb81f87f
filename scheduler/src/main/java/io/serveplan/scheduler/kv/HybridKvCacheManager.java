package io.serveplan.scheduler.kv;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Block tables of a hybrid model's KV-cache groups over one shared {@link BlockPool}, after vLLM's
 * hybrid allocator ({@code HybridKVCacheCoordinator} with its full-attention, sliding-window,
 * chunked-local and Mamba managers): every group has its own block table per request, all drawing
 * on the same pool.
 *
 * <ul>
 *   <li>full groups hold a block for every {@code blockSize} tokens;
 *   <li>sliding groups free the blocks that fell out of the window (keeping sink blocks), chunked
 *       groups the blocks of earlier chunks, before each allocation;
 *   <li>state groups hold exactly {@code stateBlocks} blocks per running sequence, whatever its
 *       length, from its first allocation until it is freed.
 * </ul>
 *
 * "Does not fit" is a return value: {@link #allocate} changes nothing when the pool cannot supply
 * every group at once. No prefix caching (vLLM caches hybrid prefixes per group; not modelled
 * here). Not thread-safe.
 */
public final class HybridKvCacheManager {

  /** Table slot of a block that was freed (vLLM's null block). */
  public static final int FREED = -1;

  private final BlockPool pool;
  private final int blockSize;
  private final List<KvCacheGroup> groups;
  private final Map<Long, int[][]> tables = new HashMap<>();
  private final Map<Long, int[]> lengths = new HashMap<>();
  private int[] lastAllocated = new int[16];
  private int numLastAllocated;

  public HybridKvCacheManager(BlockPool pool, int blockSize, List<KvCacheGroup> groups) {
    if (blockSize <= 0) {
      throw new IllegalArgumentException("blockSize: " + blockSize + " must be > 0");
    }
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("groups: give at least one KV-cache group");
    }
    this.pool = pool;
    this.blockSize = blockSize;
    this.groups = List.copyOf(groups);
  }

  public BlockPool pool() {
    return pool;
  }

  public List<KvCacheGroup> groups() {
    return groups;
  }

  /**
   * Makes room for {@code numNewTokens} more tokens of request {@code requestId}, which has {@code
   * numComputedTokens} computed: first frees the blocks its local groups no longer need, then
   * allocates every group's new blocks (a state group's on first use). A new slot that already lies
   * before the window or the chunk (a table rebuilt for a request resumed with tokens computed) is
   * marked {@link #FREED} without a block. A request gets its tables on its first successful call.
   *
   * @return false, with nothing allocated, when too few blocks are free (the skipped blocks stay
   *     freed: they are useless either way, as in vLLM)
   */
  public boolean allocate(long requestId, int numComputedTokens, int numNewTokens) {
    int[][] t = tables.get(requestId);
    int[] len = lengths.get(requestId);
    boolean fresh = t == null;
    if (fresh) {
      t = new int[groups.size()][0];
      len = new int[groups.size()];
    }
    removeSkippedBlocks(t, len, numComputedTokens);
    int tokens = numComputedTokens + numNewTokens;
    int need = 0;
    for (int g = 0; g < groups.size(); g++) {
      need += blocksToAllocate(g, len[g], numComputedTokens, tokens);
    }
    if (need > pool.numFreeBlocks()) {
      return false;
    }
    numLastAllocated = 0;
    for (int g = 0; g < groups.size(); g++) {
      KvCacheGroup group = groups.get(g);
      int target = slotsFor(g, len[g], tokens);
      if (t[g].length < target) {
        t[g] = Arrays.copyOf(t[g], Math.max(target, t[g].length * 2));
      }
      int skipFrom = group.sinkBlocks(blockSize);
      int skipTo = group.firstUsefulBlock(numComputedTokens, blockSize);
      while (len[g] < target) {
        int i = len[g]++;
        t[g][i] = i >= skipFrom && i < skipTo ? FREED : pool.allocate();
        if (t[g][i] != FREED) {
          recordAllocated(t[g][i]);
        }
      }
    }
    if (fresh) {
      tables.put(requestId, t);
      lengths.put(requestId, len);
    }
    return true;
  }

  private void recordAllocated(int block) {
    if (numLastAllocated == lastAllocated.length) {
      lastAllocated = Arrays.copyOf(lastAllocated, lastAllocated.length * 2);
    }
    lastAllocated[numLastAllocated++] = block;
  }

  /** The blocks the last successful {@link #allocate} took from the pool, in group order; a copy. */
  public int[] lastAllocatedBlocks() {
    return Arrays.copyOf(lastAllocated, numLastAllocated);
  }

  /** Slots group {@code g}'s table has once it holds {@code tokens} tokens. */
  private int slotsFor(int g, int have, int tokens) {
    if (groups.get(g).kind() == KvCacheGroup.Kind.STATE) {
      return have == 0 ? groups.get(g).stateBlocks() : have;
    }
    return Math.max(have, (tokens + blockSize - 1) / blockSize);
  }

  /** Blocks group {@code g} takes from the pool to grow from {@code have} slots to hold {@code tokens}. */
  private int blocksToAllocate(int g, int have, int numComputedTokens, int tokens) {
    KvCacheGroup group = groups.get(g);
    int target = slotsFor(g, have, tokens);
    int skipFrom = Math.max(have, group.sinkBlocks(blockSize));
    int skipTo = Math.min(target, group.firstUsefulBlock(numComputedTokens, blockSize));
    return target - have - Math.max(0, skipTo - skipFrom);
  }

  private void removeSkippedBlocks(int[][] t, int[] len, int numComputedTokens) {
    for (int g = 0; g < groups.size(); g++) {
      KvCacheGroup group = groups.get(g);
      int first = Math.min(len[g], group.firstUsefulBlock(numComputedTokens, blockSize));
      for (int i = group.sinkBlocks(blockSize); i < first; i++) {
        if (t[g][i] != FREED) {
          pool.release(t[g][i]);
          t[g][i] = FREED;
        }
      }
    }
  }

  /**
   * How many next single-token steps of a request with {@code numComputedTokens} computed make
   * {@link #allocate} change nothing: no group frees a block that left its window or chunk, and
   * none needs a new one. Lets a caller apply that many decode steps at once.
   */
  public int tokensWithoutBlockChange(long requestId, int numComputedTokens) {
    int[][] t = tables.get(requestId);
    if (t == null) {
      return 0;
    }
    int[] len = lengths.get(requestId);
    long k = Integer.MAX_VALUE;
    for (int g = 0; g < groups.size(); g++) {
      KvCacheGroup group = groups.get(g);
      if (group.kind() == KvCacheGroup.Kind.STATE) {
        continue;
      }
      k = Math.min(k, (long) len[g] * blockSize - numComputedTokens);
      int f = group.sinkBlocks(blockSize);
      while (f < len[g] && t[g][f] == FREED) {
        f++;
      }
      if (f < len[g] && group.kind() != KvCacheGroup.Kind.FULL) {
        k = Math.min(k, group.firstTokensFreeing(f, blockSize) - numComputedTokens);
      }
    }
    return (int) Math.max(0, k);
  }

  /**
   * The most blocks one request can hold at once, alone, over its whole life: {@code maxTokens}
   * tokens in all, at most {@code maxChunk} of them computed in one step. A request above the pool
   * can never run.
   */
  public long maxBlocksHeld(int maxTokens, int maxChunk) {
    long n = 0;
    for (KvCacheGroup g : groups) {
      n += g.maxBlocksHeld(maxTokens, maxChunk, blockSize);
    }
    return n;
  }

  /** Blocks the request holds in all groups together. */
  public int blocksHeld(long requestId) {
    int n = 0;
    for (int g = 0; g < groups.size(); g++) {
      n += blocksHeld(requestId, g);
    }
    return n;
  }

  /** Whether the request holds tables (from its first successful allocation until it is freed). */
  public boolean holdsTables(long requestId) {
    return tables.containsKey(requestId);
  }

  /** Slots of the request's table in a group, freed ones included (tokens it covers / block size). */
  public int tableLength(long requestId, int group) {
    int[] len = lengths.get(requestId);
    return len == null ? 0 : len[group];
  }

  /** Releases every block of the request, last block first (a finished or preempted request). */
  public void free(long requestId) {
    int[][] t = tables.remove(requestId);
    int[] len = lengths.remove(requestId);
    if (t == null) {
      return;
    }
    for (int g = 0; g < groups.size(); g++) {
      for (int i = len[g] - 1; i >= 0; i--) {
        if (t[g][i] != FREED) {
          pool.release(t[g][i]);
        }
      }
    }
  }

  /** Blocks the request holds in group {@code group} (freed slots not counted). */
  public int blocksHeld(long requestId, int group) {
    int[][] t = tables.get(requestId);
    if (t == null) {
      return 0;
    }
    int n = 0;
    for (int i = 0; i < lengths.get(requestId)[group]; i++) {
      n += t[group][i] == FREED ? 0 : 1;
    }
    return n;
  }

  /** The request's block table for a group ({@link #FREED} where a block was freed); a copy. */
  public int[] blockTable(long requestId, int group) {
    int[][] t = tables.get(requestId);
    return t == null ? new int[0] : Arrays.copyOf(t[group], lengths.get(requestId)[group]);
  }

  public int numRequests() {
    return tables.size();
  }

  /**
   * Checks the pool's own invariants, that every held block is referenced exactly as often as the
   * tables hold it, and that held + free = total.
   *
   * @throws IllegalStateException naming the first broken invariant
   */
  public void checkInvariants() {
    pool.checkInvariants();
    int[] refs = new int[pool.numBlocks()];
    int held = 0;
    for (Map.Entry<Long, int[][]> e : tables.entrySet()) {
      int[] len = lengths.get(e.getKey());
      for (int g = 0; g < groups.size(); g++) {
        for (int i = 0; i < len[g]; i++) {
          int b = e.getValue()[g][i];
          if (b != FREED) {
            refs[b]++;
            held++;
          }
        }
      }
    }
    for (int b = 0; b < refs.length; b++) {
      if (refs[b] != pool.refCount(b)) {
        throw new IllegalStateException("block " + b + " has ref count " + pool.refCount(b)
            + " but the block tables hold it " + refs[b] + " times");
      }
    }
    if (held + pool.numFreeBlocks() != pool.numBlocks()) {
      throw new IllegalStateException("held " + held + " + free " + pool.numFreeBlocks()
          + " != total " + pool.numBlocks());
    }
  }
}
