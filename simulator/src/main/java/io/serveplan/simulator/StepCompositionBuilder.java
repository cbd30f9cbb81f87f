package io.serveplan.simulator;

import io.serveplan.scheduler.ScheduledRequest;
import io.serveplan.scheduler.StepPlan;
import io.serveplan.simulator.metrics.MetricsCollector;
import io.serveplan.simulator.timing.StepComposition;
import io.serveplan.simulator.workload.Workload;
import java.util.List;

/** Translates a scheduler's step plan into what the execution-time model reads. */
final class StepCompositionBuilder {

  private StepCompositionBuilder() {}

  static void fill(StepComposition c, StepPlan plan, Workload workload, MetricsCollector metrics) {
    c.clear();
    add(c, plan.newRequests(), workload, metrics);
    add(c, plan.resumedRequests(), workload, metrics);
    add(c, plan.continuingRequests(), workload, metrics);
  }

  private static void add(StepComposition c, List<ScheduledRequest> list, Workload workload,
      MetricsCollector metrics) {
    for (int j = 0, n = list.size(); j < n; j++) {
      ScheduledRequest sr = list.get(j);
      int before = sr.numComputedTokensBefore();
      int tokens = sr.numScheduledTokens();
      long known = sr.numTokens();
      if (tokens == 1 && before + 1 >= known && !sr.isPrefill()) {
        c.addDecode(before);
      } else {
        c.addPrefill(tokens, before, before + tokens >= known);
      }
    }
  }
}
