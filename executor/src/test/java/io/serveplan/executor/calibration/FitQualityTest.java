package io.serveplan.executor.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FitQualityTest {

  @Test
  void aGoodFitHasNoProblem() {
    assertThat(FitQuality.problem(0.97, 0.06)).isEmpty();
    assertThat(FitQuality.problem(0.9, 0.15)).isEmpty();
  }

  @Test
  void aLowRSquaredIsAProblemNamingBothNumbers() {
    assertThat(FitQuality.problem(0.42, 0.05)).hasValue("R² 0.42 is below 0.90");
    assertThat(FitQuality.problem(-0.10, 0.05)).hasValue("R² -0.10 is below 0.90");
  }

  @Test
  void aLargeMeanErrorIsAProblem() {
    assertThat(FitQuality.problem(0.95, 0.231)).hasValue("mean error 23.1% is above 15%");
  }

  @Test
  void bothFailuresAreNamedAndAnUndefinedFitFails() {
    assertThat(FitQuality.problem(0.5, 0.3)).hasValue("R² 0.50 is below 0.90 and mean error 30.0% is above 15%");
    assertThat(FitQuality.problem(Double.NaN, Double.NaN)).isPresent();
  }
}
