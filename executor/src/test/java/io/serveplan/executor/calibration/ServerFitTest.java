package io.serveplan.executor.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.executor.bench.MeasuredRun;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.simulator.SimulationResult;
import io.serveplan.simulator.result.BenchServeMetrics;
import io.serveplan.simulator.result.LatencyStats;
import io.serveplan.simulator.spec.SharedPrefixSpec;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.spec.WorkloadSpec;
import io.serveplan.simulator.timing.CalibrationProfile;
import io.serveplan.simulator.timing.TimingCoefficients;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ServerFitTest {

  @Test
  void runsMeasuredFromKnownCoefficientsAreFittedBackToTheirMetrics() {
    Catalog catalog = Catalog.builtin();
    GpuSpec l4 = catalog.gpu("l4");
    WhatIfSpec base = SpecReader.parse("""
        model: llama-3.2-1b
        hardware: l4
        engine: {preset: vllm, max_num_seqs: 64, max_num_batched_tokens: 2048}
        """);
    TimingCoefficients truth = new TimingCoefficients(0.45, 0.7, 0.3, 3000, 0, 150, 0, 20);
    CalibrationProfile trueProfile = new CalibrationProfile("truth", "openai", "l4", "llama-3.2-1b", l4, truth, 1, 0,
        0, "2026-12-02T00:00:00Z");
    List<ServerFit.Point> points = new ArrayList<>();
    int[][] shapes = {{1, 8, 256, 64}, {4, 12, 256, 64}, {16, 32, 256, 64}, {1, 6, 1024, 8}, {4, 12, 128, 16}};
    for (int[] s : shapes) {
      WorkloadSpec w = ServerCalibrator.closedLoop(s[0], s[1], s[2], s[3], null);
      points.add(point("c" + s[0] + "-" + s[2] + "-" + s[3], w, base, catalog, trueProfile));
    }
    points.add(point("prefix", ServerCalibrator.closedLoop(4, 12, 512, 32, new SharedPrefixSpec(256, 1)), base,
        catalog, trueProfile));

    ServerFit.Outcome fit = ServerFit.fit(points, base, l4, catalog, "fitted", 600);

    assertThat(fit.errorPerMetric().keySet()).containsExactlyElementsOf(ServerFit.METRICS);
    assertThat(fit.errorPerMetric().values()).allSatisfy(e -> assertThat(e).isLessThan(0.03));
    assertThat(fit.profile().backend()).isEqualTo("openai");
    assertThat(fit.profile().samples()).isEqualTo(points.size());
    assertThat(fit.profile().r2()).isGreaterThan(0.99);
  }

  private static ServerFit.Point point(String name, WorkloadSpec w, WhatIfSpec base, Catalog catalog,
      CalibrationProfile profile) {
    // ServerFit.simulate reads only the point's workload: the placeholder's metrics are never looked at
    BenchServeMetrics none = new BenchServeMetrics(0, 0, 0, 0, 0, 0, 0, OptionalDouble.empty(), LatencyStats.ABSENT,
        LatencyStats.ABSENT, LatencyStats.ABSENT, LatencyStats.ABSENT);
    MeasuredRun placeholder = new MeasuredRun("vllm-bench-serve", "x", "", w.numRequests(), 0, Double.NaN, null,
        none, List.of(), List.of(), Optional.of(w));
    SimulationResult r = ServerFit.simulate(new ServerFit.Point(name, placeholder), base, catalog, profile);
    return new ServerFit.Point(name, new MeasuredRun("vllm-bench-serve", "x", "", w.numRequests(), 0, Double.NaN,
        w.concurrency(), r.metrics().bench(), List.of(), List.of(), Optional.of(w)));
  }
}
