package io.serveplan.executor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.executor.Backend;
import io.serveplan.executor.Backends;
import io.serveplan.executor.serving.ModelServer;
import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.workload.Workload;
import io.serveplan.simulator.workload.WorkloadGenerator;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** End to end on this machine: serve-model on the CPU with stories-15m, bench-serve against it. */
class BenchServeAgainstServeModelTest {

  private static Backend backend;
  private static ModelServer server;

  @BeforeAll
  static void start() throws Exception {
    backend = Backends.open("cpu");
    ModelServer.Config d = ModelServer.Config.defaults("stories-15m", 0);
    server = ModelServer.start(backend, Catalog.builtin().model("stories-15m"), Optional.empty(),
        new ModelServer.Config(d.servedModelName(), d.host(), 0, 16, 256, 16, 4096, 3, d.idle(), 64, 32));
  }

  @AfterAll
  static void stop() {
    server.close();
    backend.close();
  }

  private static final String SPEC = """
      model: stories-15m
      hardware: cpu-local
      workload:
        arrival: poisson
        rate: 20
        num_requests: 14
        input_tokens: {distribution: uniform, min: 8, max: 80}
        output_tokens: {distribution: uniform, min: 2, max: 12}
        shared_prefix: {tokens: 16, groups: 2}
      seed: 11
      """;

  /** The result file's text as a tree, to look keys up in. */
  private static JsonNode tree(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private BenchServe bench(String endpoint, int maxConcurrency) {
    return new BenchServe(new BenchServe.Options(URI.create("http://127.0.0.1:" + server.port()), "stories-15m",
        endpoint, maxConcurrency, 8, Duration.ofSeconds(60), "test"));
  }

  @Test
  void everyKeyIsThereAndEveryRequestHasTheLengthsTheSpecAsked() {
    WhatIfSpec spec = SpecReader.parse(SPEC);
    List<BenchServe.Progress> progress = new ArrayList<>();
    BenchResult result = bench("completions", 0).run(spec.workload(), spec.seed(), 32000, () -> false,
        progress::add);
    JsonNode doc = tree(result.toJson(spec.slo()));

    assertThat(doc.get("failed").asInt()).as(doc.get("errors").toString()).isZero();
    assertThat(doc.get("completed").asInt()).isEqualTo(14);
    for (String key : List.of("date", "endpoint_type", "backend", "label", "model_id", "tokenizer_id", "num_prompts",
        "request_rate", "burstiness", "max_concurrency", "duration", "completed", "failed", "total_input_tokens",
        "total_output_tokens", "request_throughput", "request_goodput", "output_throughput", "total_token_throughput",
        "max_output_tokens_per_s", "max_concurrent_requests", "input_lens", "output_lens", "ttfts", "itls",
        "generated_texts", "errors")) {
      assertThat(doc.has(key)).as(key).isTrue();
    }
    for (String metric : List.of("ttft", "tpot", "itl", "e2el")) {
      for (String stat : List.of("mean", "median", "std", "p90", "p95", "p99")) {
        assertThat(doc.get(stat + "_" + metric + "_ms").isNumber()).as(stat + "_" + metric).isTrue();
      }
    }
    Workload w = WorkloadGenerator.generate(spec.workload(), spec.seed(), 32000, 1000);
    long inputTokens = 0;
    for (int i = 0; i < w.size(); i++) {
      assertThat(doc.get("input_lens").get(i).asInt()).as("input_lens[%d]", i).isEqualTo(w.promptLen(i));
      assertThat(doc.get("output_lens").get(i).asInt()).as("output_lens[%d]", i).isEqualTo(w.outputLen(i));
      // one inter-token gap per token after the first: every token came as its own chunk
      assertThat(doc.get("itls").get(i).size()).isEqualTo(w.outputLen(i) - 1);
      inputTokens += w.promptLen(i);
    }
    assertThat(doc.get("total_input_tokens").asLong()).isEqualTo(inputTokens);
    assertThat(doc.get("mean_ttft_ms").asDouble()).isPositive();
    assertThat(doc.get("mean_e2el_ms").asDouble()).isGreaterThanOrEqualTo(doc.get("mean_ttft_ms").asDouble());
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(progress.size() - 1).finished()).isEqualTo(14);
    // the shared prefixes reached the server as token ids: its prefix cache served some prompt tokens
    assertThat(server.engine().stats().finishedRequests()).isGreaterThanOrEqualTo(14);
  }

  @Test
  void aClosedLoopNeverHasMoreRequestsInFlightThanItsClients() {
    WhatIfSpec spec = SpecReader.parse(SPEC.replace("arrival: poisson", "arrival: concurrency\n  concurrency: 3"));
    BenchResult result = bench("chat", 0).run(spec.workload(), spec.seed(), 32000, () -> false, p -> { });
    JsonNode doc = tree(result.toJson(spec.slo()));
    assertThat(doc.get("failed").asInt()).as(doc.get("errors").toString()).isZero();
    assertThat(doc.get("max_concurrent_requests").asInt()).isBetween(1, 3);
    assertThat(doc.get("max_concurrency").asInt()).isEqualTo(3);
    Workload w = WorkloadGenerator.generate(spec.workload(), spec.seed(), 32000, 1000);
    for (int i = 0; i < w.size(); i++) {
      assertThat(doc.get("output_lens").get(i).asInt()).isEqualTo(w.outputLen(i));
    }
  }

  @Test
  void aCancelledRunStillReturnsWhatItMeasuredAndCountsTheRestAsFailed() {
    WhatIfSpec spec = SpecReader.parse(SPEC.replace("rate: 20", "rate: 2"));
    long[] calls = {0};
    BenchResult result = bench("completions", 0).run(spec.workload(), spec.seed(), 32000,
        () -> ++calls[0] > 40, p -> { });
    JsonNode doc = tree(result.toJson(spec.slo()));
    assertThat(doc.get("cancelled").asBoolean()).isTrue();
    assertThat(doc.get("completed").asInt() + doc.get("failed").asInt()).isEqualTo(14);
    assertThat(doc.get("failed").asInt()).isPositive();
    assertThat(doc.get("errors").toString()).contains("cancelled before it was sent");
  }

  @Test
  void anUnreachableServerFailsWithTheUrlInTheMessage() {
    WhatIfSpec spec = SpecReader.parse(SPEC);
    BenchServe b = new BenchServe(new BenchServe.Options(URI.create("http://127.0.0.1:1"), "stories-15m",
        "completions", 0, 4, Duration.ofSeconds(5), null));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.run(spec.workload(), spec.seed(), 32000, () -> false,
        p -> { })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--base-url")
        .hasMessageContaining("127.0.0.1:1");
  }
}
