package io.serveplan.executor.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.serveplan.executor.hardware.LocalCpuProfile;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.Dtype;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.ModelSpec;
import io.serveplan.simulator.timing.StepComposition;
import io.serveplan.simulator.timing.TimingCoefficients;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationFitTest {

  private final ModelSpec model = Catalog.builtin().model("stories-42m");
  private final GpuSpec cpu = new LocalCpuProfile("cpu-local", "test CPU", 2, 30, 25, 150, 1.6, "2026-11-22").toGpuSpec();

  @Test
  void recoversTheCoefficientsThatGeneratedTheStepTimes() {
    TimingCoefficients truth = new TimingCoefficients(0.45, 0.6, 0.08, 2000, 0, 300, 150, 250);
    CalibrationFit fit = new CalibrationFit(model, cpu, Dtype.BF16, Dtype.BF16);
    List<StepComposition> steps = new ArrayList<>();
    for (SweepShape shape : SweepShape.standard(1024, 16_384, 512)) {
      steps.add(new CalibrationSample(shape, 0, 0, null).composition(new StepComposition()));
    }
    double[] measured = fit.predict(truth, steps);

    CalibrationFit.Result result = fit.fit(steps, measured);

    assertThat(result.meanAbsRelError()).isLessThan(0.02);
    assertThat(result.r2()).isGreaterThan(0.99);
    double[] back = fit.predict(result.coefficients(), steps);
    for (int i = 0; i < back.length; i++) {
      assertThat(back[i] / measured[i]).isCloseTo(1.0, offset(0.06));
    }
  }

  @Test
  void sweepStaysWithinTheKvPoolTheTokenBudgetAndTheContext() {
    List<SweepShape> shapes = SweepShape.standard(1024, 16_384, 512);
    assertThat(shapes).isNotEmpty().allSatisfy(s -> {
      assertThat(s.contextTokens()).isLessThanOrEqualTo(16_384);
      assertThat(s.numTokens()).isLessThanOrEqualTo(512);
    });
    assertThat(SweepShape.standard(256, 16_384, 512)).allSatisfy(s -> assertThat(s.name()).doesNotContain("@512"));
  }
}
