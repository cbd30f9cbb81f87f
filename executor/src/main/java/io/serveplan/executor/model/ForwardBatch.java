package io.serveplan.executor.model;

import io.serveplan.executor.AttentionLayout;
import java.util.Arrays;

/**
 * The host-side description of one batched forward pass: for each sequence a contiguous run of
 * tokens to compute (a prefill chunk, or one decode token), where they sit in the paged KV cache,
 * and whether the sequence needs a sampled token from this step. Reused from step to step by its
 * owner (the engine); arrays grow as needed and are never shrunk.
 *
 * <pre>
 *   addSequence(tokens, computedBefore = 4, count = 3, blockTable = [7, 2], needsLogits)
 *     → batch tokens tokens[4..7) at positions 4, 5, 6
 *       slots 7·bs + 4, 7·bs + 5, ... (block bs-sized pages from the table)
 *       attention context 7 tokens (the cached 4 are read from the pool, not recomputed)
 * </pre>
 */
public final class ForwardBatch {

  private final int blockSize;
  private int maxBlocksPerSeq;
  private int numTokens;
  private int numSeqs;
  private int numLogitRows;
  private int[] tokenIds = new int[64];
  private int[] positions = new int[64];
  private int[] slotMapping = new int[64];
  private int[] queryStart = new int[17];
  private int[] contextLen = new int[16];
  private int[] logitRows = new int[16];
  private int[] blockTables;

  public ForwardBatch(int blockSize, int maxBlocksPerSeq) {
    if (blockSize <= 0 || maxBlocksPerSeq <= 0) {
      throw new IllegalArgumentException("blockSize and maxBlocksPerSeq must be positive");
    }
    this.blockSize = blockSize;
    this.maxBlocksPerSeq = maxBlocksPerSeq;
    this.blockTables = new int[16 * maxBlocksPerSeq];
  }

  /** Empties the batch (arrays are kept). */
  public void clear() {
    numTokens = 0;
    numSeqs = 0;
    numLogitRows = 0;
    queryStart[0] = 0;
  }

  /**
   * Appends tokens {@code allTokens[computedBefore, computedBefore + count)} of one sequence.
   *
   * @param blockTable the sequence's whole block table; must cover computedBefore + count tokens
   * @param needsLogits whether the last of these tokens is sampled from
   */
  public void addSequence(int[] allTokens, int computedBefore, int count, int[] blockTable, boolean needsLogits) {
    int context = computedBefore + count;
    int blocksNeeded = (context + blockSize - 1) / blockSize;
    if (count <= 0 || blockTable.length < blocksNeeded || allTokens.length < context) {
      throw new IllegalArgumentException("sequence of " + context + " tokens needs " + blocksNeeded
          + " blocks and as many token ids; got " + blockTable.length + " blocks, " + allTokens.length + " ids");
    }
    ensureCapacity(numTokens + count, numSeqs + 1, blocksNeeded);
    for (int j = 0; j < count; j++) {
      int p = computedBefore + j;
      tokenIds[numTokens + j] = allTokens[p];
      positions[numTokens + j] = p;
      slotMapping[numTokens + j] = blockTable[p / blockSize] * blockSize + p % blockSize;
    }
    System.arraycopy(blockTable, 0, blockTables, numSeqs * maxBlocksPerSeq, blocksNeeded);
    numTokens += count;
    contextLen[numSeqs] = context;
    if (needsLogits) {
      logitRows[numLogitRows++] = numTokens - 1;
    }
    numSeqs++;
    queryStart[numSeqs] = numTokens;
  }

  private void ensureCapacity(int tokens, int seqs, int blocks) {
    if (tokens > tokenIds.length) {
      int n = Math.max(tokens, 2 * tokenIds.length);
      tokenIds = Arrays.copyOf(tokenIds, n);
      positions = Arrays.copyOf(positions, n);
      slotMapping = Arrays.copyOf(slotMapping, n);
    }
    if (blocks > maxBlocksPerSeq) {
      int stride = Math.max(blocks, 2 * maxBlocksPerSeq);
      int[] wider = new int[Math.max(contextLen.length, seqs) * stride];
      for (int s = 0; s < numSeqs; s++) {
        System.arraycopy(blockTables, s * maxBlocksPerSeq, wider, s * stride, maxBlocksPerSeq);
      }
      blockTables = wider;
      maxBlocksPerSeq = stride;
    }
    if (seqs > contextLen.length) {
      int n = Math.max(seqs, 2 * contextLen.length);
      contextLen = Arrays.copyOf(contextLen, n);
      queryStart = Arrays.copyOf(queryStart, n + 1);
      logitRows = Arrays.copyOf(logitRows, n);
    }
    if ((long) seqs * maxBlocksPerSeq > blockTables.length) {
      blockTables = Arrays.copyOf(blockTables, Math.max(seqs, 2 * contextLen.length) * maxBlocksPerSeq);
    }
  }

  public int numTokens() {
    return numTokens;
  }

  public int numSeqs() {
    return numSeqs;
  }

  /** Rows (batch token indexes) whose logits are sampled, in sequence order. */
  public int numLogitRows() {
    return numLogitRows;
  }

  int[] tokenIds() {
    return tokenIds;
  }

  int[] positions() {
    return positions;
  }

  int[] slotMapping() {
    return slotMapping;
  }

  int[] logitRows() {
    return logitRows;
  }

  /** Largest position in the batch + 1 (RoPE table bound). */
  int maxContext() {
    int max = 0;
    for (int s = 0; s < numSeqs; s++) {
      max = Math.max(max, contextLen[s]);
    }
    return max;
  }

  AttentionLayout attentionLayout() {
    return new AttentionLayout(numSeqs, queryStart, contextLen, blockTables, maxBlocksPerSeq, blockSize);
  }
}
