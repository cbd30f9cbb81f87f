package io.serveplan.scheduler.kv;

import java.util.ArrayList;
import java.util.List;

/**
 * A fixed pool of KV blocks with reference counts, an O(1) doubly linked free queue in eviction
 * order, and the prefix-cache index (block hash → block id).
 *
 * <pre>
 *   free queue:  HEAD ⇄ b7 ⇄ b2 ⇄ b9 ⇄ TAIL      allocate() takes from HEAD (least recently freed);
 *                 (b2 cached: hash → b2)          release() appends at TAIL; a prefix hit on a free
 *                                                 cached block unlinks it in O(1)
 * </pre>
 *
 * A free block may still hold a cached hash; it stays reusable by a prefix hit until allocate()
 * evicts it. Owned by one scheduler; not thread-safe.
 */
public final class BlockPool {

  /** Hash value meaning "not cached". */
  public static final long NO_HASH = 0L;

  private final int numBlocks;
  private final boolean prefixCaching;
  private final int[] refCount;
  private final long[] hash;
  private final int[] prev;
  private final int[] next;
  private final boolean[] inFreeQueue;
  private final int head;
  private final int tail;
  private final LongIntMap cachedBlocks;
  private int numFree;
  private long numEvictions;

  public BlockPool(int numBlocks, boolean prefixCaching) {
    if (numBlocks <= 0) {
      throw new IllegalArgumentException("numBlocks: " + numBlocks + " must be > 0");
    }
    this.numBlocks = numBlocks;
    this.prefixCaching = prefixCaching;
    this.refCount = new int[numBlocks];
    this.hash = new long[numBlocks];
    this.prev = new int[numBlocks + 2];
    this.next = new int[numBlocks + 2];
    this.inFreeQueue = new boolean[numBlocks];
    this.cachedBlocks = new LongIntMap(prefixCaching ? Math.min(numBlocks, 1 << 16) : 16);
    this.head = numBlocks;
    this.tail = numBlocks + 1;
    next[head] = tail;
    prev[tail] = head;
    for (int b = 0; b < numBlocks; b++) {
      append(b);
    }
  }

  public int numBlocks() {
    return numBlocks;
  }

  public int numFreeBlocks() {
    return numFree;
  }

  public boolean prefixCaching() {
    return prefixCaching;
  }

  public long numEvictions() {
    return numEvictions;
  }

  public int refCount(int blockId) {
    return refCount[blockId];
  }

  public long blockHash(int blockId) {
    return hash[blockId];
  }

  public int numCachedBlocks() {
    return cachedBlocks.size();
  }

  /**
   * Takes the least recently freed block, evicting its cached hash if it has one.
   *
   * @return the block id with ref count 1, or -1 when no block is free
   */
  public int allocate() {
    int b = next[head];
    if (b == tail) {
      return -1;
    }
    unlink(b);
    if (hash[b] != NO_HASH) {
      cachedBlocks.remove(hash[b]);
      hash[b] = NO_HASH;
      numEvictions++;
    }
    refCount[b] = 1;
    return b;
  }

  /** The cached block holding {@code blockHash}, or -1. */
  public int lookup(long blockHash) {
    if (!prefixCaching) {
      return -1;
    }
    return cachedBlocks.get(blockHash);
  }

  /** Adds a reference to a block (a prefix hit), taking it off the free queue if it was free. */
  public void touch(int blockId) {
    if (refCount[blockId] == 0) {
      unlink(blockId);
    }
    refCount[blockId]++;
  }

  /** Drops a reference; at zero the block joins the tail of the free queue (its hash kept). */
  public void release(int blockId) {
    if (refCount[blockId] <= 0) {
      throw new IllegalStateException("block " + blockId + " released with ref count " + refCount[blockId]);
    }
    if (--refCount[blockId] == 0) {
      append(blockId);
    }
  }

  /**
   * Records that a full block holds the tokens of {@code blockHash}. When another block already
   * holds that hash, this one stays uncached (the index maps each hash to one block).
   *
   * @return whether the block is now indexed
   */
  public boolean cacheBlock(int blockId, long blockHash) {
    if (!prefixCaching || hash[blockId] != NO_HASH) {
      return hash[blockId] == blockHash && prefixCaching;
    }
    if (cachedBlocks.putIfAbsent(blockHash, blockId) == LongIntMap.MISSING) {
      hash[blockId] = blockHash;
      return true;
    }
    return false;
  }

  /** Whether taking a reference on {@code blockId} would consume a free block. */
  public boolean isFree(int blockId) {
    return refCount[blockId] == 0;
  }

  /** Free-queue order from the next block to evict to the last; for tests. */
  public List<Integer> freeQueue() {
    List<Integer> out = new ArrayList<>(numFree);
    for (int b = next[head]; b != tail; b = next[b]) {
      out.add(b);
    }
    return out;
  }

  /** Checks free + referenced = total, no negative ref count, every hashed block indexed. */
  public void checkInvariants() {
    int free = 0;
    for (int b = next[head]; b != tail; b = next[b]) {
      if (refCount[b] != 0 || !inFreeQueue[b]) {
        throw new IllegalStateException("block " + b + " in free queue with ref count " + refCount[b]);
      }
      free++;
    }
    if (free != numFree) {
      throw new IllegalStateException("free queue holds " + free + " blocks, counter says " + numFree);
    }
    int referenced = 0;
    for (int b = 0; b < numBlocks; b++) {
      if (refCount[b] < 0) {
        throw new IllegalStateException("block " + b + " has negative ref count " + refCount[b]);
      }
      if (refCount[b] > 0) {
        referenced++;
        if (inFreeQueue[b]) {
          throw new IllegalStateException("referenced block " + b + " is in the free queue");
        }
      }
      if (hash[b] != NO_HASH) {
        int indexed = cachedBlocks.get(hash[b]);
        if (indexed != b) {
          throw new IllegalStateException("block " + b + " has hash " + hash[b] + " but is not indexed");
        }
      }
    }
    if (free + referenced != numBlocks) {
      throw new IllegalStateException(
          "free " + free + " + referenced " + referenced + " != total " + numBlocks);
    }
    cachedBlocks.forEach((h, b) -> {
      if (hash[b] != h) {
        throw new IllegalStateException("index maps hash " + h + " to block " + b + " which holds " + hash[b]);
      }
    });
  }

  private void append(int b) {
    int last = prev[tail];
    next[last] = b;
    prev[b] = last;
    next[b] = tail;
    prev[tail] = b;
    inFreeQueue[b] = true;
    numFree++;
  }

  private void unlink(int b) {
    next[prev[b]] = next[b];
    prev[next[b]] = prev[b];
    inFreeQueue[b] = false;
    numFree--;
  }
}
