package io.serveplan.executor.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serveplan.executor.cpu.CpuBackend;
import io.serveplan.executor.engine.EngineClock;
import io.serveplan.executor.hardware.LocalCpuProfile;
import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.timing.CalibrationProfile;
import io.serveplan.simulator.timing.TimingCoefficients;
import org.junit.jupiter.api.Test;

class ValidatorTest {

  private final CalibrationProfile profile = new CalibrationProfile("cpu-local-cpu-stories-15m", "cpu", "cpu-local",
      "stories-15m", new LocalCpuProfile("cpu-local", "test CPU", 2, 30, 25, 150, 1.6, "2026-11-22").toGpuSpec(),
      new TimingCoefficients(0.4, 0.5, 0.1, 1000, 0, 100, 50, 100), 0.99, 0.05, 10, "2026-11-22T00:00:00Z");

  private static final String SPEC = """
      model: stories-15m
      hardware: cpu-local
      engine: {preset: vllm, scheduler: chunked-prefill, max_num_seqs: 4, max_num_batched_tokens: 64}
      workload:
        arrival: offline
        num_requests: 6
        input_tokens: {distribution: uniform, min: 5, max: 40}
        output_tokens: {distribution: fixed, value: 5}
      seed: 1
      """;

  @Test
  void reportsMeasuredPredictedAndRelativeErrorUnderTheSameResultKeys() {
    WhatIfSpec spec = SpecReader.parse(SPEC);
    Validator.Report report;
    try (CpuBackend backend = new CpuBackend(2)) {
      report = Validator.validate(backend, profile, spec, Catalog.builtin(), EngineClock.THREAD_CPU, line -> { });
    }
    assertThat(report.measured()).containsKeys("completed", "mean_ttft_ms", "mean_tpot_ms", "mean_e2el_ms",
        "request_throughput");
    assertThat(report.measured().keySet()).containsExactlyElementsOf(report.predicted().keySet());
    assertThat(report.measured().get("completed")).isEqualTo(6);
    // reference steps re-timed before and after the run, compared with the profile's prediction
    assertThat(report.probeErrorBefore()).isFinite().isGreaterThan(-1.0);
    assertThat(report.probeErrorAfter()).isFinite().isGreaterThan(-1.0);
    assertThat(report.predicted().get("completed")).isEqualTo(6);
    // the profile on the run's own steps: prefill steps and decode-only steps together make up all
    double measuredNs = report.stepRecords().stream().mapToLong(s -> s.stepNs()).sum();
    double predictedNs = java.util.Arrays.stream(report.stepPredictedNs()).sum();
    assertThat(report.stepTimeError(s -> true))
        .isCloseTo((predictedNs - measuredNs) / measuredNs, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(report.stepTimeError(s -> s.prefillTokens().length > 0)).isFinite();
    assertThat(report.stepTimeError(s -> false)).isNaN();
    assertThat(report.measured().get("total_output_tokens")).isEqualTo(30L);
    assertThat(report.relativeError()).containsKey("mean_e2el_ms");
    double m = ((Number) report.measured().get("mean_e2el_ms")).doubleValue();
    double p = ((Number) report.predicted().get("mean_e2el_ms")).doubleValue();
    assertThat(report.relativeError().get("mean_e2el_ms")).isCloseTo((p - m) / m, org.assertj.core.data.Offset.offset(1e-9));
    // the prediction again at the speed the reference steps showed
    assertThat(report.speedFactor()).isCloseTo(1 / (1 + report.probeError()), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(report.predictedAtMeasuredSpeed().keySet()).containsExactlyElementsOf(report.predicted().keySet());
    assertThat(report.predictedAtMeasuredSpeed().get("completed")).isEqualTo(6);
    assertThat(report.relativeErrorAtMeasuredSpeed()).containsKeys("mean_ttft_ms", "mean_tpot_ms", "request_throughput");
  }

  @Test
  void theProfileAtAMeasuredSpeedScalesEveryStepByExactlyThatFactor() {
    io.serveplan.hardware.ModelSpec model = Catalog.builtin().model("stories-15m");
    CalibrationProfile slower = Validator.atSpeed(profile, 1.25);
    io.serveplan.simulator.timing.RooflineModel base = roofline(model, profile);
    io.serveplan.simulator.timing.RooflineModel scaled = roofline(model, slower);
    io.serveplan.simulator.timing.StepComposition c = new io.serveplan.simulator.timing.StepComposition();
    for (int decodes : new int[] {1, 7, 32}) {
      c.clear();
      c.addDecodes(decodes, 300L * decodes);
      assertThat((double) scaled.stepTimeNs(c)).isCloseTo(1.25 * base.stepTimeNs(c), org.assertj.core.data.Percentage.withPercentage(0.01));
    }
    c.clear();
    c.addPrefill(128, 64, true);
    c.addDecodes(3, 900);
    assertThat((double) scaled.stepTimeNs(c)).isCloseTo(1.25 * base.stepTimeNs(c), org.assertj.core.data.Percentage.withPercentage(0.01));
    assertThat(slower.hardware().memoryGb()).isEqualTo(profile.hardware().memoryGb());
    assertThat(slower.coefficients().computeEfficiency()).isEqualTo(profile.coefficients().computeEfficiency());
  }

  /**
   * Through the simulator, as validate runs it: an offline workload schedules the same steps
   * whatever they cost, so at 1.25× every step, its whole run takes 1.25× as long.
   */
  @Test
  void theSimulatorAtAMeasuredSpeedRunsEveryStepThatFactorLonger() {
    WhatIfSpec spec = SpecReader.parse(SPEC.replace("num_requests: 6", "num_requests: 40") + "calibration: profile\n");
    // the catalog already has a cpu-local: the profile's own hardware must win
    Catalog catalog = Catalog.builtin().withGpu(profile.hardware());
    var base = Validator.simulate(spec, catalog, profile).metrics();
    var slower = Validator.simulate(spec, catalog, Validator.atSpeed(profile, 1.25)).metrics();
    for (String key : new String[] {"duration", "mean_e2el_ms", "mean_ttft_ms", "mean_tpot_ms"}) {
      assertThat(slower.metric(key) / base.metric(key)).as(key)
          .isCloseTo(1.25, org.assertj.core.data.Offset.offset(0.001));
    }
  }

  private static io.serveplan.simulator.timing.RooflineModel roofline(io.serveplan.hardware.ModelSpec model, CalibrationProfile p) {
    return new io.serveplan.simulator.timing.RooflineModel(model, p.hardware(), 1, io.serveplan.hardware.Dtype.BF16,
        io.serveplan.hardware.Dtype.BF16, p.coefficients());
  }

  @Test
  void closedLoopWorkloadsRunTheSameClientsInBothAndEveryRequestCompletes() {
    WhatIfSpec spec = SpecReader.parse(SPEC.replace("arrival: offline", "arrival: concurrency\n  concurrency: 2"));
    Validator.Report report;
    try (CpuBackend backend = new CpuBackend(2)) {
      report = Validator.validate(backend, profile, spec, Catalog.builtin(), EngineClock.WALL, line -> { });
    }
    assertThat(report.measured().get("completed")).isEqualTo(6);
    assertThat(report.predicted().get("completed")).isEqualTo(6);
    // two clients: no step of the measured run computes more than two sequences
    assertThat(report.stepRecords())
        .allSatisfy(s -> assertThat(s.prefillTokens().length + s.decodeContext().length).isLessThanOrEqualTo(2));
  }

  @Test
  void severalReplicasAreRefusedNamingTheField() {
    WhatIfSpec spec = SpecReader.parse(SPEC + "replicas: 2\n");
    try (CpuBackend backend = new CpuBackend(1)) {
      assertThatThrownBy(() -> Validator.validate(backend, profile, spec, Catalog.builtin(), EngineClock.WALL, line -> { }))
          .isInstanceOf(SpecException.class).hasMessageContaining("replicas");
    }
  }
}
