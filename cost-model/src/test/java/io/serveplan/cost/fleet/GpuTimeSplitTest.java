package io.serveplan.cost.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.serveplan.simulator.timing.StepBreakdown;
import io.serveplan.simulator.timing.StepComposition;
import io.serveplan.simulator.timing.StepTimeModel;
import org.junit.jupiter.api.Test;

class GpuTimeSplitTest {

  /** 10 ms a step for the weights plus 1 µs per token computed: a toy model with a known answer. */
  private static final StepTimeModel TOY = new StepTimeModel() {
    @Override
    public long stepTimeNs(StepComposition step) {
      return 10_000_000L + 1_000L * step.numTokens();
    }

    @Override
    public StepBreakdown breakdown(StepComposition step) {
      throw new UnsupportedOperationException();
    }
  };

  @Test
  void inputShareIsThePromptTokensShareOfTheMixedStep() {
    // batch 100, 1000 in / 200 out: 500 prompt tokens a step join 100 decodes.
    // decode = 10.1 ms, mixed = 10.6 ms → input share 0.5 / 10.6
    assertThat(GpuTimeSplit.inputShare(TOY, 1000, 200, 100)).isCloseTo(0.5 / 10.6, within(1e-12));
  }

  @Test
  void longerPromptsTakeALargerShare() {
    double shortPrompt = GpuTimeSplit.inputShare(TOY, 100, 200, 64);
    double longPrompt = GpuTimeSplit.inputShare(TOY, 4000, 200, 64);
    assertThat(longPrompt).isGreaterThan(shortPrompt).isLessThan(1);
  }
}
