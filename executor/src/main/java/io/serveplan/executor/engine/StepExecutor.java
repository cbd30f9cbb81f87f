package io.serveplan.executor.engine;

import io.serveplan.executor.model.ForwardBatch;
import io.serveplan.executor.model.LlamaModel;
import io.serveplan.hardware.Operator;
import io.serveplan.scheduler.BlockTables;
import io.serveplan.scheduler.ScheduledRequest;
import io.serveplan.scheduler.StepPlan;
import io.serveplan.scheduler.StepResult;
import io.serveplan.simulator.timing.PlanTranslation;
import java.util.Arrays;
import java.util.Map;

/**
 * Computes one planned step: one run of tokens per scheduled request (in plan order: new,
 * continuing, resumed) batched into a single forward pass, greedy tokens for the requests whose
 * step reaches their last known token. The plan is read by the simulator's
 * {@link PlanTranslation}, so a measured step's prefill chunks and decodes are the ones the
 * simulator would time for the same plan. Shared by the offline {@link Engine} and the
 * {@link LiveEngine} behind a server, so both run exactly the same step. Not thread-safe.
 */
final class StepExecutor implements PlanTranslation.Visitor {

  /** What one step computed: its composition, the sampled rows and the forward pass's times. */
  record Executed(int[] prefillTokens, int[] prefillContext, boolean[] prefillProduces, int[] decodeContext,
      StepResult result, long forwardStartNanoTime, long forwardEndNanoTime, long[] operatorNs) {

    /** Appends each accepted token (0 to k + 1 per request) to its sequence at {@code timeNs}. */
    void appendTokens(Map<Long, Sequence> sequences, long timeNs) {
      for (int r = 0; r < result.size(); r++) {
        for (int j = 0; j < result.numAcceptedTokens(r); j++) {
          sequences.get(result.requestIds()[r]).append(result.acceptedTokenId(r, j), timeNs);
        }
      }
    }
  }

  private final LlamaModel model;
  private final ForwardBatch batch;
  /** The block tables, kept from the plans' new block ids (the plan carries no live state). */
  private final BlockTables blockTables = new BlockTables();
  private int[] sampled;
  // the step being built
  private Map<Long, Sequence> sequences;
  private int[] prefillTokens = new int[16];
  private int[] prefillContext = new int[16];
  private boolean[] prefillProduces = new boolean[16];
  private int numPrefill;
  private int[] decodeContext = new int[64];
  private int numDecode;
  private long[] rowIds = new long[64];
  private int numRows;

  StepExecutor(LlamaModel model, int blockSize, int maxNumSeqs) {
    this.model = model;
    this.batch = new ForwardBatch(blockSize, 64);
    this.sampled = new int[Math.max(16, maxNumSeqs)];
  }

  /** Runs {@code plan} on the model; the caller appends the sampled tokens with their time. */
  Executed execute(StepPlan plan, Map<Long, Sequence> sequences) {
    batch.clear();
    blockTables.apply(plan);
    this.sequences = sequences;
    numPrefill = 0;
    numDecode = 0;
    numRows = 0;
    PlanTranslation.visitInPlanOrder(plan, this);
    this.sequences = null;
    if (sampled.length < numRows) {
      sampled = new int[numRows];
    }

    // forward: one batched pass, greedy tokens for the rows that sample
    long[] operatorNs = new long[Operator.values().length];
    long forwardStart = System.nanoTime();
    model.forward(batch, sampled, operatorNs);
    long forwardEnd = System.nanoTime();
    StepResult result = StepResult.oneTokenEach(Arrays.copyOf(rowIds, numRows), Arrays.copyOf(sampled, numRows));
    return new Executed(Arrays.copyOf(prefillTokens, numPrefill), Arrays.copyOf(prefillContext, numPrefill),
        Arrays.copyOf(prefillProduces, numPrefill), Arrays.copyOf(decodeContext, numDecode), result, forwardStart,
        forwardEnd, operatorNs);
  }

  @Override
  public void prefill(ScheduledRequest r, int tokens, int contextBefore, boolean producesToken) {
    add(r, tokens, contextBefore, producesToken);
    if (numPrefill == prefillTokens.length) {
      prefillTokens = Arrays.copyOf(prefillTokens, numPrefill * 2);
      prefillContext = Arrays.copyOf(prefillContext, numPrefill * 2);
      prefillProduces = Arrays.copyOf(prefillProduces, numPrefill * 2);
    }
    prefillTokens[numPrefill] = tokens;
    prefillContext[numPrefill] = contextBefore;
    prefillProduces[numPrefill++] = producesToken;
  }

  @Override
  public void decode(ScheduledRequest r, int contextBefore) {
    add(r, 1, contextBefore, true);
    if (numDecode == decodeContext.length) {
      decodeContext = Arrays.copyOf(decodeContext, numDecode * 2);
    }
    decodeContext[numDecode++] = contextBefore;
  }

  private void add(ScheduledRequest r, int tokens, int contextBefore, boolean producesToken) {
    Sequence seq = sequences.get(r.requestId());
    batch.addSequence(seq.tokens, contextBefore, tokens, blockTables.table(r.requestId()), producesToken);
    if (producesToken) {
      if (numRows == rowIds.length) {
        rowIds = Arrays.copyOf(rowIds, numRows * 2);
      }
      rowIds[numRows++] = r.requestId();
    }
  }
}
