package io.serveplan.executor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WorkloadSpec;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeasuredRunTest {

  private static Path fixture(String name) throws Exception {
    return Path.of(MeasuredRunTest.class.getResource("/measured/" + name).toURI());
  }

  /** The real vllm bench serve results, kept beside their reader (README.md there names the sources). */
  private static Path published(String name) {
    return Path.of("../simulator/src/test/resources/vllm-bench-serve/" + name);
  }

  @Test
  void aPublishedVllmBenchServeResultIsReadIntoTheResultKeys() throws Exception {
    MeasuredRun run = MeasuredRun.read(published("vllm-bench-serve-llama-3.2-3b-4xl40s-10qps.json"), 0);
    assertThat(run.format()).isEqualTo("vllm-bench-serve");
    assertThat(run.model()).isEqualTo("meta-llama/Llama-3.2-3B-Instruct");
    assertThat(run.numPrompts()).isEqualTo(300);
    assertThat(run.requestRate()).isEqualTo(10.0);
    assertThat(run.metrics().ttft().meanMs()).isCloseTo(54.577, within(1e-3));
    assertThat(run.metrics().itl().p99Ms()).isCloseTo(34.210, within(1e-3));
    assertThat(run.metrics().requestThroughput()).isCloseTo(8.3254, within(1e-4));
    // vLLM wrote its goodput as "request_goodput:" (null without --goodput); p90/p95 were not asked for
    assertThat(run.metrics().toMap()).doesNotContainKeys("request_goodput", "p90_ttft_ms", "mean_e2el_ms");
    WorkloadSpec w = run.workload();
    assertThat(w.arrival()).isEqualTo("poisson");
    assertThat(w.rate()).isEqualTo(10.0);
    assertThat(w.inputTokens().value()).isEqualTo(999.0);
    assertThat(w.outputTokens().value()).isEqualTo(270.0);
  }

  @Test
  void aGuidellmReportMapsItsDistributionsAndSecondsToTheSameKeys() throws Exception {
    MeasuredRun run = MeasuredRun.read(fixture("guidellm-shaped.json"), 0);
    assertThat(run.format()).isEqualTo("guidellm");
    assertThat(run.failed()).isEqualTo(2);
    assertThat(run.requestRate()).isEqualTo(4.0);
    assertThat(run.metrics().e2el().meanMs()).isCloseTo(2500, within(1e-9));
    assertThat(run.metrics().e2el().p95Ms()).isCloseTo(3100, within(1e-9));
    assertThat(run.metrics().ttft().medianMs()).isEqualTo(75.0);
    assertThat(run.metrics().tpot().stdMs()).isEqualTo(0.9);
    assertThat(run.metrics().requestThroughput()).isEqualTo(3.9);
    assertThat(run.metrics().duration()).isEqualTo(51.28);
    assertThat(run.metrics().totalInputTokens()).isEqualTo(200_000);
    assertThat(run.workload().inputTokens().value()).isEqualTo(1000.0);
    assertThatThrownBy(() -> MeasuredRun.read(fixture("guidellm-shaped.json"), 3))
        .hasMessageContaining("--benchmark").hasMessageContaining("0..0");
  }

  @Test
  void aFileOfNeitherToolIsRefusedNamingBoth() throws Exception {
    Path f = java.nio.file.Files.createTempFile("not-a-result", ".json");
    java.nio.file.Files.writeString(f, "{\"hello\": 1}");
    assertThatThrownBy(() -> MeasuredRun.read(f, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vllm bench serve").hasMessageContaining("GuideLLM");
  }

  @Test
  void thePredictionForThePublishedRunsWorkloadStandsBesideEachMeasuredKey() throws Exception {
    MeasuredRun run = MeasuredRun.read(published("vllm-bench-serve-llama-3.2-3b-4xl40s-10qps.json"), 0);
    MeasuredValidation.Report report = MeasuredValidation.compare(run,
        SpecReader.read(Path.of("../examples/measured/llama-3.2-3b-4xl40s-10qps.yaml")), Catalog.builtin(),
        Optional.empty());
    assertThat(report.predicted().keySet()).containsExactlyElementsOf(run.metrics().toMap().keySet());
    assertThat(report.relativeError()).containsKeys("mean_ttft_ms", "mean_tpot_ms", "request_throughput");
    // the simulator serves 300 requests at the same rate, on its own Poisson sample of arrivals: the
    // 30-s arrival span alone varies by about 6% (sqrt(300) / 10 s) between samples
    assertThat(report.relativeError().get("request_throughput")).isBetween(-0.2, 0.2);
    assertThat(report.spec().replicas()).isEqualTo(4);
  }

  @Test
  void aVllm025ResultWithAClientConcurrencyLimitRebuildsAClosedLoopWorkload() throws Exception {
    MeasuredRun run = MeasuredRun.read(published("vllm-bench-serve-opt-125m-concurrency-2-v0.25.1.json"), 0);
    assertThat(run.model()).isEqualTo("facebook/opt-125m");
    assertThat(run.failed()).isZero();
    assertThat(run.requestRate()).isInfinite();
    assertThat(run.maxConcurrency()).isEqualTo(2);
    assertThat(run.metrics().e2el().p99Ms()).isEqualTo(876.8009717071254);
    WorkloadSpec w = run.workload();
    assertThat(w.arrival()).isEqualTo("concurrency");
    assertThat(w.concurrency()).isEqualTo(2);
    assertThat(w.numRequests()).isEqualTo(8);
    assertThat(w.inputTokens().value()).isEqualTo(32.0); // 256 tokens over 8 requests
    assertThat(w.outputTokens().value()).isEqualTo(16.0);
  }

  @Test
  void aGuidellmBenchmarkWithoutItsDurationIsRefusedNamingTheField() throws Exception {
    Path f = java.nio.file.Files.createTempFile("guidellm", ".json");
    java.nio.file.Files.writeString(f, java.nio.file.Files.readString(fixture("guidellm-shaped.json"))
        .replace("\"duration\": 51.28,", "").replace("\"start_time\": 1732999948.72,", ""));
    assertThatThrownBy(() -> MeasuredRun.read(f, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("benchmarks[0]").hasMessageContaining("duration");
  }
}
