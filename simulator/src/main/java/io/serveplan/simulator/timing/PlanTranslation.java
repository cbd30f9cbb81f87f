package io.serveplan.simulator.timing;

import io.serveplan.scheduler.ScheduledRequest;
import io.serveplan.scheduler.StepPlan;
import java.util.List;

/**
 * The one translation of a scheduler's {@link StepPlan} into what a step computes: per scheduled
 * request either a prefill chunk (tokens, the context before them, whether its last position is
 * sampled) or one decode token after its context. The simulator fills the execution-time model's
 * {@link StepComposition} with it ({@link #fill}); the executor builds its forward batch and its
 * measured step records with it ({@link #visitInPlanOrder}), so both read a plan by the same rule.
 */
public final class PlanTranslation {

  /** Receives each scheduled request's share of a step. */
  public interface Visitor {
    /** A prefill (prompt, recomputed or chunk) of {@code tokens} after {@code contextBefore} cached ones. */
    void prefill(ScheduledRequest r, int tokens, int contextBefore, boolean producesToken);

    /** One decode token after {@code contextBefore} cached ones (it always samples). */
    void decode(ScheduledRequest r, int contextBefore);
  }

  private PlanTranslation() {}

  /**
   * Fills {@code c} (cleared first) with the plan's step: new, then resumed, then continuing
   * requests (the order the model's sums are taken in, which the goldens fix).
   */
  public static void fill(StepComposition c, StepPlan plan) {
    c.clear();
    Visitor v = c.planFiller;
    visit(plan.newRequests(), v);
    visit(plan.resumedRequests(), v);
    visit(plan.continuingRequests(), v);
  }

  /** Visits the plan's requests in its own order ({@link StepPlan#scheduled()}: new, continuing, resumed). */
  public static void visitInPlanOrder(StepPlan plan, Visitor v) {
    visit(plan.newRequests(), v);
    visit(plan.continuingRequests(), v);
    visit(plan.resumedRequests(), v);
  }

  /** Whether the request's step reaches the end of its known tokens, so it samples a token. */
  public static boolean producesToken(ScheduledRequest r) {
    return r.samples();
  }

  private static void visit(List<ScheduledRequest> list, Visitor v) {
    for (int j = 0, n = list.size(); j < n; j++) {
      ScheduledRequest sr = list.get(j);
      if (sr.isPrefill()) {
        v.prefill(sr, sr.numScheduledTokens(), sr.numComputedTokensBefore(), producesToken(sr));
      } else {
        v.decode(sr, sr.numComputedTokensBefore());
      }
    }
  }
}
