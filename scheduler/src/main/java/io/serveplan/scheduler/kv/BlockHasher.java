package io.serveplan.scheduler.kv;

/**
 * The chained hash of full KV blocks: a block's hash covers its parent block's hash, its token
 * ids and an extra key (e.g. a tenant salt), all seeded from configuration. Two requests share a
 * cached block only if everything before it matches too.
 */
public final class BlockHasher {

  private final long seed;

  public BlockHasher(long seed) {
    this.seed = mix(seed ^ 0x5EED5EED5EED5EEDL);
  }

  /** Hash of the block of {@code tokens[from, from + blockSize)} after the block hashed {@code parent}. */
  public long hash(long parent, int[] tokens, int from, int blockSize, long extraKey) {
    long h = parent == BlockPool.NO_HASH ? seed : parent;
    h = mix(h ^ (extraKey * 0x9E3779B97F4A7C15L));
    for (int i = from; i < from + blockSize; i++) {
      h = (h ^ tokens[i]) * 0x100000001B3L;
      h = Long.rotateLeft(h, 29) + 0x632BE59BD9B4E019L;
    }
    h = mix(h);
    return h == BlockPool.NO_HASH ? 1L : h;
  }

  /** SplitMix64 finalizer. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
