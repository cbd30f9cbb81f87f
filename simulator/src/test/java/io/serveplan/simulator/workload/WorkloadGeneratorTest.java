package io.serveplan.simulator.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WorkloadSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WorkloadGeneratorTest {

  private static Workload gen(String workloadYaml, long seed) {
    WorkloadSpec w = SpecReader.workloadFromTree(SpecReader.tree(workloadYaml), "workload");
    return WorkloadGenerator.generate(w, seed, 128_256, 1_000_000);
  }

  @Test
  void sameSeedSameWorkloadOtherSeedOtherWorkload() {
    Workload a = gen("num_requests: 200", 42);
    Workload b = gen("num_requests: 200", 42);
    Workload c = gen("num_requests: 200", 43);
    assertThat(a.arrivalNs).containsExactly(b.arrivalNs);
    assertThat(a.promptLen).containsExactly(b.promptLen);
    assertThat(a.promptTokens(7)).containsExactly(b.promptTokens(7));
    assertThat(a.arrivalNs).isNotEqualTo(c.arrivalNs);
  }

  @Test
  void poissonArrivalsHaveTheAskedRate() {
    Workload w = gen("{arrival: poisson, rate: 20, num_requests: 20000}", 1);
    double spanS = w.arrivalNs(w.size() - 1) / 1e9;
    assertThat(w.size() / spanS).isCloseTo(20, within(0.5));
  }

  @Test
  void gammaArrivalsHaveTheAskedRateAndBurstiness() {
    Workload w = gen("{arrival: gamma, rate: 10, cv: 3, num_requests: 40000}", 1);
    double[] gaps = new double[w.size() - 1];
    for (int i = 1; i < w.size(); i++) {
      gaps[i - 1] = (w.arrivalNs(i) - w.arrivalNs(i - 1)) / 1e9;
    }
    double mean = Arrays.stream(gaps).average().orElseThrow();
    double sd = Math.sqrt(Arrays.stream(gaps).map(g -> (g - mean) * (g - mean)).average().orElseThrow());
    assertThat(mean).isCloseTo(0.1, within(0.006));
    assertThat(sd / mean).isCloseTo(3.0, within(0.25));
  }

  @Test
  void constantOfflineAndClosedLoopArrivals() {
    Workload c = gen("{arrival: constant, rate: 4, num_requests: 5}", 1);
    assertThat(c.arrivalNs).containsExactly(0, 250_000_000, 500_000_000, 750_000_000, 1_000_000_000);
    assertThat(gen("{arrival: offline, num_requests: 3}", 1).arrivalNs).containsExactly(0, 0, 0);
    Workload closed = gen("{arrival: concurrency, concurrency: 2, num_requests: 4}", 1);
    assertThat(closed.concurrency()).isEqualTo(2);
    assertThat(closed.arrivalNs).containsExactly(0, 0, -1, -1);
  }

  @Test
  void lognormalLengthsHaveTheAskedMeanAndAreClipped() {
    Workload w = gen("{num_requests: 20000, input_tokens: {distribution: lognormal, mean: 1000,"
        + " stddev: 500, max: 100000}}", 3);
    assertThat(w.meanPromptLen()).isCloseTo(1000, within(15.0));
    Workload clipped = gen("{num_requests: 2000, input_tokens: {distribution: lognormal, mean: 1000,"
        + " stddev: 2000, max: 1500}}", 3);
    assertThat(Arrays.stream(clipped.promptLen).max().orElseThrow()).isEqualTo(1500);
    Workload normal = gen("{num_requests: 2000, output_tokens: {distribution: normal, mean: 5,"
        + " stddev: 50, max: 60}}", 3);
    assertThat(Arrays.stream(normal.outputLen).min().orElseThrow()).isEqualTo(1);
    assertThat(Arrays.stream(normal.outputLen).max().orElseThrow()).isEqualTo(60);
    Workload uniform = gen("{num_requests: 2000, output_tokens: {distribution: uniform, min: 3, max: 5}}", 3);
    assertThat(uniform.outputLen).containsOnly(3, 4, 5);
  }

  @Test
  void empiricalLengthsComeFromTheTrace() {
    Workload w = gen("{num_requests: 5000, output_tokens: {distribution: empirical, trace: azure-conv-2023}}", 3);
    assertThat(w.meanOutputLen()).isCloseTo(211, within(12.0)); // the trace's mean (README)
  }

  @Test
  void sharedPrefixesAreRealTokenIdsSharedWithinAGroupOnly() {
    Workload w = gen("{num_requests: 50, input_tokens: {distribution: fixed, value: 100},"
        + " shared_prefix: {tokens: 64, groups: 2}}", 5);
    assertThat(w.promptLen(0)).isEqualTo(164);
    int a = -1;
    int b = -1;
    for (int i = 1; i < w.size(); i++) {
      if (w.group(i) == w.group(0) && a < 0) {
        a = i;
      } else if (w.group(i) != w.group(0) && b < 0) {
        b = i;
      }
    }
    int[] t0 = w.promptTokens(0);
    assertThat(Arrays.copyOf(w.promptTokens(a), 64)).containsExactly(Arrays.copyOf(t0, 64));
    assertThat(Arrays.copyOf(w.promptTokens(b), 64)).isNotEqualTo(Arrays.copyOf(t0, 64));
    assertThat(w.promptTokens(a)[64]).isNotEqualTo(t0[64]);
    assertThat(Arrays.stream(t0).allMatch(t -> t >= 0 && t < 128_256)).isTrue();
  }

  @Test
  void traceArrivalsReplayTheTraceScaledInTime() {
    Workload w = gen("{arrival: trace, trace: azure-code-2023, time_scale: 2}", 1);
    Trace t = Trace.load("azure-code-2023", "workload.trace");
    assertThat(w.size()).isEqualTo(t.size());
    assertThat(w.arrivalNs(100)).isEqualTo(Math.round(t.arrivalS(100) / 2 * 1e9));
    assertThat(w.promptLen(100)).isEqualTo(t.inputTokens(100));
    assertThat(gen("{arrival: trace, trace: azure-code-2023, num_requests: 10}", 1).size()).isEqualTo(10);
  }

  @Test
  void tooManyRequestsAreRefusedNamingTheField() {
    WorkloadSpec w = SpecReader.workloadFromTree(SpecReader.tree("num_requests: 5000"), "workload");
    assertThatThrownBy(() -> WorkloadGenerator.generate(w, 1, 1000, 4000))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("workload.num_requests: 5000 requests exceed this run's limit of 4000");
  }
}
