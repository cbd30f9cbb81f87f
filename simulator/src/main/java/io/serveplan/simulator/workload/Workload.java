package io.serveplan.simulator.workload;

import io.serveplan.simulator.client.RequestSource;

/**
 * A generated workload: per request (index {@code 0..size-1}) its arrival time, prompt length
 * (shared prefix included), output length and shared-prefix group, and the prompt's token ids on
 * demand. Open-loop arrivals are fixed here; with {@link #concurrency()} {@code > 0} the first
 * {@code concurrency} requests arrive at time 0 and each later one when a client's previous
 * request finishes (the simulator sets those times), so {@link #arrivalNs} holds -1 for them.
 *
 * <p>Token ids: a shared prefix is {@code prefixTokens} ids drawn once per group from the seeded
 * generator; the rest of each prompt is a per-request sequence that no other request shares, so
 * prefix-cache hits come only from the shared prefixes. Immutable after construction.
 */
public final class Workload implements RequestSource {

  final long[] arrivalNs;
  final int[] promptLen;
  final int[] outputLen;
  final int[] group;
  private final int[][] prefixes;
  private final int concurrency;
  private final int vocabSize;
  private final long seed;

  Workload(long[] arrivalNs, int[] promptLen, int[] outputLen, int[] group, int[][] prefixes,
      int concurrency, int vocabSize, long seed) {
    this.arrivalNs = arrivalNs;
    this.promptLen = promptLen;
    this.outputLen = outputLen;
    this.group = group;
    this.prefixes = prefixes;
    this.concurrency = concurrency;
    this.vocabSize = vocabSize;
    this.seed = seed;
  }

  public int size() {
    return promptLen.length;
  }

  /** Arrival time in ns, or -1 for a closed-loop request whose time depends on the run. */
  public long arrivalNs(int i) {
    return arrivalNs[i];
  }

  public int promptLen(int i) {
    return promptLen[i];
  }

  public int outputLen(int i) {
    return outputLen[i];
  }

  /** The shared-prefix group of request i, or -1 when it has no shared prefix. */
  public int group(int i) {
    return group[i];
  }

  /** Number of closed-loop clients, 0 for an open-loop workload. */
  public int concurrency() {
    return concurrency;
  }

  public long totalPromptTokens() {
    long s = 0;
    for (int p : promptLen) {
      s += p;
    }
    return s;
  }

  public double meanPromptLen() {
    return size() == 0 ? 0 : (double) totalPromptTokens() / size();
  }

  public double meanOutputLen() {
    long s = 0;
    for (int o : outputLen) {
      s += o;
    }
    return size() == 0 ? 0 : (double) s / size();
  }

  /** The prompt's token ids (a fresh array the caller may keep). */
  public int[] promptTokens(int i) {
    int[] t = new int[promptLen[i]];
    int from = 0;
    if (group[i] >= 0) {
      int[] p = prefixes[group[i]];
      from = Math.min(p.length, t.length);
      System.arraycopy(p, 0, t, 0, from);
    }
    // a 64-bit LCG seeded per request; ids scaled into [0, vocab) by multiply-shift (no division)
    long h = mix(seed ^ (0x9E3779B97F4A7C15L * (i + 1)));
    long vocab = vocabSize;
    for (int k = from; k < t.length; k++) {
      h = h * 6364136223846793005L + 1442695040888963407L;
      t[k] = (int) (((h >>> 32) * vocab) >>> 32);
    }
    return t;
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
