package io.serveplan.executor.engine;

import io.serveplan.executor.model.ForwardBatch;
import io.serveplan.executor.model.LlamaModel;
import io.serveplan.hardware.Operator;
import io.serveplan.scheduler.BlockTables;
import io.serveplan.scheduler.ScheduledRequest;
import io.serveplan.scheduler.StepPlan;
import io.serveplan.scheduler.StepResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Computes one planned step: one run of tokens per scheduled request (in plan order: new,
 * continuing, resumed) batched into a single forward pass, greedy tokens for the requests whose
 * step reaches their last known token. Shared by the offline {@link Engine} and the
 * {@link LiveEngine} behind a server, so both run exactly the same step. Not thread-safe.
 */
final class StepExecutor {

  /** What one step computed: its composition, the sampled rows and the forward pass's times. */
  record Executed(int[] prefillTokens, int[] prefillContext, boolean[] prefillProduces, int[] decodeContext,
      StepResult result, long forwardStartNanoTime, long forwardEndNanoTime, long[] operatorNs) {}

  private final LlamaModel model;
  private final ForwardBatch batch;
  private final List<ScheduledRequest> order = new ArrayList<>();
  /** The block tables, kept from the plans' new block ids (the plan carries no live state). */
  private final BlockTables blockTables = new BlockTables();
  private int[] sampled;

  StepExecutor(LlamaModel model, int blockSize, int maxNumSeqs) {
    this.model = model;
    this.batch = new ForwardBatch(blockSize, 64);
    this.sampled = new int[Math.max(16, maxNumSeqs)];
  }

  /** Runs {@code plan} on the model; the caller appends the sampled tokens with their time. */
  Executed execute(StepPlan plan, Map<Long, Sequence> sequences) {
    batch.clear();
    blockTables.apply(plan);
    order.clear();
    order.addAll(plan.newRequests());
    order.addAll(plan.continuingRequests());
    order.addAll(plan.resumedRequests());
    int numPrefill = 0;
    for (ScheduledRequest s : order) {
      if (s.isPrefill()) {
        numPrefill++;
      }
    }
    int[] prefillTokens = new int[numPrefill];
    int[] prefillContext = new int[numPrefill];
    boolean[] prefillProduces = new boolean[numPrefill];
    int[] decodeContext = new int[order.size() - numPrefill];
    long[] rowIds = new long[order.size()];
    int numRows = 0;
    int p = 0;
    int d = 0;
    for (ScheduledRequest s : order) {
      Sequence seq = sequences.get(s.requestId());
      int end = s.numComputedTokensBefore() + s.numScheduledTokens();
      boolean producesToken = end == seq.numTokens;
      batch.addSequence(seq.tokens, s.numComputedTokensBefore(), s.numScheduledTokens(), blockTables.table(s.requestId()),
          producesToken);
      if (producesToken) {
        rowIds[numRows++] = s.requestId();
      }
      if (s.isPrefill()) {
        prefillTokens[p] = s.numScheduledTokens();
        prefillContext[p] = s.numComputedTokensBefore();
        prefillProduces[p++] = producesToken;
      } else {
        decodeContext[d++] = s.numComputedTokensBefore();
      }
    }
    if (sampled.length < numRows) {
      sampled = new int[numRows];
    }

    // forward: one batched pass, greedy tokens for the rows that sample
    long[] operatorNs = new long[Operator.values().length];
    long forwardStart = System.nanoTime();
    model.forward(batch, sampled, operatorNs);
    long forwardEnd = System.nanoTime();
    StepResult result = StepResult.oneTokenEach(Arrays.copyOf(rowIds, numRows), Arrays.copyOf(sampled, numRows));
    return new Executed(prefillTokens, prefillContext, prefillProduces, decodeContext, result, forwardStart,
        forwardEnd, operatorNs);
  }
}
