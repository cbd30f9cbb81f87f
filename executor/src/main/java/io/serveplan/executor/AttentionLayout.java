package io.serveplan.executor;

/**
 * Host-side description of where each sequence's queries sit in a batch and where its keys and
 * values sit in the paged KV pools, for one {@link Backend#attention} call.
 *
 * <pre>
 *  batch tokens:  | seq 0: 5 prefill tokens | seq 1: 1 decode token | seq 2: 1 decode |
 *  queryStart:    0                         5                       6                7
 *  contextLen:    seq 0 = 5 (+ cached prefix if any), seq 1 = 37, seq 2 = 12
 *
 *  blockTables (stride maxBlocksPerSeq), token position p of seq s lives in
 *     slot = blockTables[s * stride + p / blockSize] * blockSize + p % blockSize
 *  and its K (or V) vector is pool[slot * kvDim .. slot * kvDim + kvDim)
 * </pre>
 *
 * The j-th query of sequence s (j in [0, n), n = queryStart[s+1] - queryStart[s]) sits at position
 * {@code contextLen[s] - n + j} and attends causally to positions 0..that position. The K/V of the
 * batch's own tokens must already be written to the pools ({@link Backend#kvWrite}).
 *
 * <p>Arrays are not copied (they are reused step to step by the engine); only the first
 * {@code numSeqs} (+1 for queryStart) entries are meaningful.
 *
 * @param numSeqs sequences in the batch
 * @param queryStart token offset of each sequence's first query, length at least numSeqs + 1
 * @param contextLen tokens in each sequence's context after this step (cached + computed + new)
 * @param blockTables flat block tables, row s at [s * maxBlocksPerSeq, (s + 1) * maxBlocksPerSeq)
 * @param maxBlocksPerSeq row stride of blockTables
 * @param blockSize tokens per KV block
 */
public record AttentionLayout(
    int numSeqs, int[] queryStart, int[] contextLen, int[] blockTables, int maxBlocksPerSeq, int blockSize) {

  public AttentionLayout {
    if (numSeqs < 0 || queryStart.length < numSeqs + 1 || contextLen.length < numSeqs) {
      throw new IllegalArgumentException("attention layout: numSeqs " + numSeqs + " exceeds its arrays");
    }
    if (blockSize <= 0 || maxBlocksPerSeq <= 0 || blockTables.length < (long) numSeqs * maxBlocksPerSeq) {
      throw new IllegalArgumentException(
          "attention layout: blockSize " + blockSize + ", maxBlocksPerSeq " + maxBlocksPerSeq + " do not fit blockTables");
    }
  }

  /** Number of query tokens in the batch. */
  public int numTokens() {
    return queryStart[numSeqs];
  }
}
