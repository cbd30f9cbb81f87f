package io.serveplan.simulator.timing;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.scheduler.PreemptionMode;
import io.serveplan.scheduler.QueueOrder;
import io.serveplan.scheduler.Request;
import io.serveplan.scheduler.ScheduledRequest;
import io.serveplan.scheduler.Scheduler;
import io.serveplan.scheduler.SchedulerConfig;
import io.serveplan.scheduler.SchedulingPolicy;
import io.serveplan.scheduler.StepPlan;
import io.serveplan.scheduler.StepResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTranslationTest {

  private static Scheduler scheduler(int budget) {
    return new Scheduler(new SchedulerConfig(SchedulingPolicy.CHUNKED_PREFILL, 8, budget, 0, 16, 64, 0,
        false, 0L, PreemptionMode.RECOMPUTE, QueueOrder.FCFS, 0L));
  }

  @Test
  void aChunkedPromptIsPrefillChunksThenItsLastChunkSamplesThenDecodes() {
    Scheduler s = scheduler(32);
    s.addRequest(new Request(0, new int[50], 3, 0, 0, 0));
    List<String> seen = new ArrayList<>();
    PlanTranslation.Visitor v = new PlanTranslation.Visitor() {
      @Override
      public void prefill(ScheduledRequest r, int tokens, int contextBefore, boolean producesToken) {
        seen.add("prefill " + tokens + "@" + contextBefore + (producesToken ? " samples" : ""));
      }

      @Override
      public void decode(ScheduledRequest r, int contextBefore) {
        seen.add("decode @" + contextBefore);
      }
    };
    for (int step = 0; step < 4; step++) {
      StepPlan plan = s.schedule(0);
      PlanTranslation.visitInPlanOrder(plan, v);
      s.update(plan, StepResult.zeros());
    }
    assertThat(seen).containsExactly("prefill 32@0", "prefill 18@32 samples", "decode @50", "decode @51");
  }

  @Test
  void fillGivesTheCompositionTheModelTimes() {
    Scheduler s = scheduler(64);
    s.addRequest(new Request(0, new int[20], 4, 0, 0, 0));
    StepPlan first = s.schedule(0);
    s.update(first, StepResult.zeros());
    s.addRequest(new Request(1, new int[30], 4, 0, 0, 0));
    StepPlan mixed = s.schedule(0);
    StepComposition c = new StepComposition();
    c.addDecode(999); // cleared first
    PlanTranslation.fill(c, mixed);

    StepComposition expected = new StepComposition();
    expected.addPrefill(30, 0, true);
    expected.addDecode(20);
    assertThat(c.numPrefill()).isEqualTo(1);
    assertThat(c.prefillTokens(0)).isEqualTo(30);
    assertThat(c.numDecode()).isEqualTo(1);
    assertThat(c.numTokens()).isEqualTo(expected.numTokens());
    assertThat(c.attentionPairs()).isEqualTo(expected.attentionPairs());
    assertThat(c.kvReadTokens()).isEqualTo(expected.kvReadTokens());
    assertThat(c.numLogits()).isEqualTo(2);
  }
}
