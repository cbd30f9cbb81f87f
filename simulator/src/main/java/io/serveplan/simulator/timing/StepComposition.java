package io.serveplan.simulator.timing;

import java.util.Arrays;

/**
 * What one engine step computes: prefill chunks (tokens scheduled and the context already in the
 * cache before them) and decode sequences (one token each, with their context). Reused from step to
 * step ({@link #clear}); arrays grow but are never reallocated in steady state. Not thread-safe;
 * owned by one replica.
 *
 * <p>The execution-time model reads only the sums kept here ({@link #numTokens}, {@link
 * #numSequences}, {@link #attentionPairs}, {@link #kvReadTokens}, {@link #numLogits}), so a batch
 * of decodes can also be added in aggregate ({@link #addDecodes}) without per-sequence entries.
 */
public final class StepComposition {

  private int[] prefillTokens = new int[16];
  private int[] prefillContext = new int[16];
  private int numPrefill;
  private int[] decodeContext = new int[64];
  private int numDecodeListed;
  private int numDecode;
  private int numDecodeAggregated;
  private long sumContextAggregated;
  private long numTokens;
  private double attentionPairs;
  private long kvReadTokens;
  private int numLogits;

  /** Adds a plan's requests to this composition ({@link PlanTranslation#fill}). */
  final PlanTranslation.Visitor planFiller = new PlanTranslation.Visitor() {
    @Override
    public void prefill(io.serveplan.scheduler.ScheduledRequest r, int tokens, int contextBefore,
        boolean producesToken) {
      addPrefill(tokens, contextBefore, producesToken);
    }

    @Override
    public void decode(io.serveplan.scheduler.ScheduledRequest r, int contextBefore) {
      addDecode(contextBefore);
    }
  };

  /** Set by the model on each {@code stepTimeNs} call: the part of the step bound by compute. */
  long computeBoundNs;

  public void clear() {
    numPrefill = 0;
    numDecode = 0;
    numDecodeListed = 0;
    numDecodeAggregated = 0;
    sumContextAggregated = 0;
    numTokens = 0;
    attentionPairs = 0;
    kvReadTokens = 0;
    numLogits = 0;
  }

  /**
   * A prefill chunk of {@code tokens} tokens after {@code context} cached ones.
   *
   * @param producesToken whether the chunk completes the prompt (its last position is sampled)
   */
  public void addPrefill(int tokens, int context, boolean producesToken) {
    if (numPrefill == prefillTokens.length) {
      prefillTokens = Arrays.copyOf(prefillTokens, numPrefill * 2);
      prefillContext = Arrays.copyOf(prefillContext, numPrefill * 2);
    }
    prefillTokens[numPrefill] = tokens;
    prefillContext[numPrefill] = context;
    numPrefill++;
    numTokens += tokens;
    // token i of the chunk attends to context + i + 1 positions (causal)
    attentionPairs += (double) tokens * context + (double) tokens * (tokens + 1) / 2;
    kvReadTokens += (long) context + tokens;
    if (producesToken) {
      numLogits++;
    }
  }

  /** A decode of one new token after {@code context} cached tokens. */
  public void addDecode(int context) {
    if (numDecodeListed == decodeContext.length) {
      decodeContext = Arrays.copyOf(decodeContext, numDecodeListed * 2);
    }
    decodeContext[numDecodeListed++] = context;
    addDecodeSums(1, context);
  }

  /**
   * {@code count} decodes whose contexts sum to {@code sumContext}, without listing them. Local
   * attention ({@link #windowedPairs}, {@link #chunkedPairs}) then sees them at their mean context.
   */
  public void addDecodes(int count, long sumContext) {
    numDecodeAggregated += count;
    sumContextAggregated += sumContext;
    addDecodeSums(count, sumContext);
  }

  private void addDecodeSums(int count, long sumContext) {
    numDecode += count;
    numTokens += count;
    attentionPairs += (double) sumContext + count;
    kvReadTokens += sumContext + count;
    numLogits += count;
  }

  public int numPrefill() {
    return numPrefill;
  }

  public int prefillTokens(int i) {
    return prefillTokens[i];
  }

  public int prefillContext(int i) {
    return prefillContext[i];
  }

  public int numDecode() {
    return numDecode;
  }

  /** Tokens computed in the step (prefill chunk tokens plus one per decode). */
  public long numTokens() {
    return numTokens;
  }

  public int numSequences() {
    return numPrefill + numDecode;
  }

  /** Sum over the step's tokens of the positions each attends to (prefill grows quadratically). */
  public double attentionPairs() {
    return attentionPairs;
  }

  /** Tokens of K/V read by attention: each sequence's whole context once. */
  public long kvReadTokens() {
    return kvReadTokens;
  }

  /**
   * Attention pairs of a layer that attends to at most {@code window} positions (sliding window,
   * sinks included; or a sparse top-k): position p attends to min(p + 1, window).
   */
  public double windowedPairs(long window) {
    return windowed(window, true);
  }

  /** K/V tokens such a layer reads: each sequence's last {@code window} positions at most. */
  public double windowedKvReadTokens(long window) {
    return windowed(window, false);
  }

  private double windowed(long window, boolean pairs) {
    double sum = 0;
    for (int i = 0; i < numPrefill; i++) {
      sum += pairs ? sumMin(prefillContext[i], prefillTokens[i], window)
          : Math.min(prefillContext[i], window) + (double) prefillTokens[i];
    }
    // a decode's pairs and reads are the same: min(context + 1, window)
    for (int i = 0; i < numDecodeListed; i++) {
      sum += Math.min((long) decodeContext[i] + 1, window);
    }
    if (numDecodeAggregated > 0) {
      double mean = (double) sumContextAggregated / numDecodeAggregated;
      sum += numDecodeAggregated * Math.min(mean + 1, window);
    }
    return sum;
  }

  /**
   * Attention pairs of a chunked local-attention layer: position p attends to the p % chunk + 1
   * positions of its own chunk. Aggregated decodes past one chunk count at the mean position within
   * a chunk (chunk / 2 + 1): a population's contexts are spread over their chunks.
   */
  public double chunkedPairs(long chunk) {
    double pairs = 0;
    for (int i = 0; i < numPrefill; i++) {
      long p = prefillContext[i];
      long left = prefillTokens[i];
      while (left > 0) {
        long off = p % chunk;
        long take = Math.min(left, chunk - off);
        pairs += take * (off + 1) + take * (take - 1) / 2.0;
        p += take;
        left -= take;
      }
    }
    return pairs + chunkedDecodeTokens(chunk);
  }

  /** K/V tokens a chunked layer reads: from the start of each sequence's current chunk. */
  public double chunkedKvReadTokens(long chunk) {
    double read = 0;
    for (int i = 0; i < numPrefill; i++) {
      read += prefillContext[i] % chunk + (double) prefillTokens[i];
    }
    return read + chunkedDecodeTokens(chunk);
  }

  private double chunkedDecodeTokens(long chunk) {
    double t = 0;
    for (int i = 0; i < numDecodeListed; i++) {
      t += decodeContext[i] % chunk + 1;
    }
    if (numDecodeAggregated > 0) {
      double mean = (double) sumContextAggregated / numDecodeAggregated;
      t += numDecodeAggregated * (mean < chunk ? mean + 1 : chunk / 2.0 + 1);
    }
    return t;
  }

  /** Σ over positions p in [context, context + tokens) of min(p + 1, window). */
  static double sumMin(long context, long tokens, long window) {
    long a = context;
    long b = context + tokens; // sum of min(q, window) for q in (a, b]
    if (b <= window) {
      return (double) (a + 1 + b) * tokens / 2.0;
    }
    if (a >= window) {
      return (double) tokens * window;
    }
    return (double) (a + 1 + window) * (window - a) / 2.0 + (double) (b - window) * window;
  }

  /** Positions whose logits are computed (one per sequence that samples a token). */
  public int numLogits() {
    return numLogits;
  }

  /** Compute-bound part of the last step timed with this composition (ns). */
  public long computeBoundNs() {
    return computeBoundNs;
  }

  public boolean isEmpty() {
    return numTokens == 0;
  }
}
