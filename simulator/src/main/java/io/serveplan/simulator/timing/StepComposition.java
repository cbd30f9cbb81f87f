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
  private long numTokens;
  private double attentionPairs;
  private long kvReadTokens;
  private int numLogits;

  /** Set by the model on each {@code stepTimeNs} call: the part of the step bound by compute. */
  long computeBoundNs;

  public void clear() {
    numPrefill = 0;
    numDecode = 0;
    numDecodeListed = 0;
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
    addDecodes(1, context);
  }

  /** {@code count} decodes whose contexts sum to {@code sumContext}, without listing them. */
  public void addDecodes(int count, long sumContext) {
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
