package io.serveplan.scheduler.kv;

/**
 * An open-addressing hash map from non-zero {@code long} keys to {@code int} values, without
 * boxing: the prefix-cache index of {@link BlockPool} (block hash → block id) sits on the
 * simulator's hot path. Linear probing; removal shifts later entries back (no tombstones).
 * Key 0 is reserved as "empty" ({@link BlockPool#NO_HASH} is never indexed). Not thread-safe.
 */
final class LongIntMap {

  static final int MISSING = -1;

  private long[] keys;
  private int[] values;
  private int size;
  private int mask;

  LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[cap];
    values = new int[cap];
    mask = cap - 1;
  }

  int size() {
    return size;
  }

  /** The value of {@code key}, or {@link #MISSING}. */
  int get(long key) {
    for (int i = slot(key); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == 0) {
        return MISSING;
      }
    }
  }

  /** Puts {@code key → value} unless the key is present; returns the existing value or MISSING. */
  int putIfAbsent(long key, int value) {
    if (key == 0) {
      throw new IllegalArgumentException("key 0 is reserved");
    }
    int i = slot(key);
    for (; keys[i] != 0; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return values[i];
      }
    }
    keys[i] = key;
    values[i] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
    return MISSING;
  }

  /** Removes {@code key}; returns its value or MISSING. */
  int remove(long key) {
    int i = slot(key);
    for (; keys[i] != key; i = (i + 1) & mask) {
      if (keys[i] == 0) {
        return MISSING;
      }
    }
    int removed = values[i];
    // Backward-shift deletion: move later entries of the probe run into the gap.
    int gap = i;
    for (int j = (gap + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
      int home = slot(keys[j]);
      boolean movable = gap <= j ? (home <= gap || home > j) : (home <= gap && home > j);
      if (movable) {
        keys[gap] = keys[j];
        values[gap] = values[j];
        gap = j;
      }
    }
    keys[gap] = 0;
    size--;
    return removed;
  }

  /** Calls {@code action} for every entry (for invariant checks). */
  void forEach(java.util.function.BiConsumer<Long, Integer> action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        action.accept(keys[i], values[i]);
      }
    }
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        putIfAbsent(oldKeys[i], oldValues[i]);
      }
    }
  }
}
