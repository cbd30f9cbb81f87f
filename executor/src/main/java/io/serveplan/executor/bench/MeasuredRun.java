package io.serveplan.executor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.simulator.result.BenchServeMetrics;
import io.serveplan.simulator.result.LatencyStats;
import io.serveplan.simulator.result.VllmBenchServeReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import io.serveplan.simulator.spec.LengthSpec;
import io.serveplan.simulator.spec.SharedPrefixSpec;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WorkloadSpec;

/**
 * A benchmark someone ran against a real server, read into the record the simulator predicts
 * ({@link BenchServeMetrics}): a {@code vllm bench serve} result JSON (read by
 * {@link VllmBenchServeReader}; also ServePlan's {@code bench-serve} output) or one benchmark of a
 * GuideLLM report ({@code benchmarks[i].metrics.*.successful}, with {@code request_latency} in
 * seconds turned into {@code *_e2el_ms}, the token counts' {@code total_sum} into the totals, and
 * the benchmark's {@code duration}, else {@code end_time − start_time}). Latency families and
 * percentiles the file does not report are absent. Immutable.
 *
 * @param format {@code vllm-bench-serve} or {@code guidellm}
 * @param requestRate requests per second offered; infinite for "inf" (all at once); NaN unknown
 * @param inputLens per-request prompt lengths when the file has them (vLLM's detailed results)
 * @param declaredWorkload the spec workload block that ServePlan's {@code bench-serve} ran
 *     ({@code serveplan_workload}); empty for other tools' files
 */
public record MeasuredRun(String format, String model, String date, int numPrompts, int failed, double requestRate,
    Integer maxConcurrency, BenchServeMetrics metrics, List<Integer> inputLens, List<Integer> outputLens,
    Optional<WorkloadSpec> declaredWorkload) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public MeasuredRun {
    if (metrics == null) {
      throw new IllegalArgumentException("metrics are required");
    }
    inputLens = List.copyOf(inputLens);
    outputLens = List.copyOf(outputLens);
  }

  /** Reads {@code file}; GuideLLM reports hold several benchmarks, {@code index} picks one. */
  public static MeasuredRun read(Path file, int index) {
    JsonNode doc;
    try {
      doc = JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("--measured: cannot read " + file + ": " + e.getMessage(), e);
    }
    return fromTree(doc, index, file.toString());
  }

  /** A {@code bench-serve} (or {@code vllm bench serve}) result document already in memory. */
  public static MeasuredRun fromJson(JsonNode doc) {
    return fromTree(doc, 0, "the result");
  }

  static MeasuredRun fromTree(JsonNode doc, int index, String name) {
    if (doc != null && doc.has("benchmarks") && doc.get("benchmarks").isArray()) {
      return guidellm(doc, index, name);
    }
    if (doc != null && doc.isObject() && VllmBenchServeReader.isResult(plain(doc))) {
      return vllm(doc, name);
    }
    throw new IllegalArgumentException("--measured: " + name + " is neither a vllm bench serve result (keys "
        + "completed, duration, mean_ttft_ms, ...) nor a GuideLLM report (benchmarks[].metrics)");
  }

  /** The document as plain maps, the form the simulator's reader takes. */
  private static java.util.Map<String, Object> plain(JsonNode doc) {
    return JSON.convertValue(doc, new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>() {});
  }

  private static MeasuredRun vllm(JsonNode doc, String name) {
    BenchServeMetrics m = VllmBenchServeReader.fromTree(plain(doc), "--measured: " + name);
    JsonNode rate = doc.path("request_rate");
    double requestRate = rate.isNumber() ? rate.asDouble() : "inf".equals(rate.asText()) ? Double.POSITIVE_INFINITY
        : Double.NaN;
    JsonNode mc = doc.path("max_concurrency");
    return new MeasuredRun("vllm-bench-serve", doc.path("model_id").asText(""), doc.path("date").asText(""),
        doc.path("num_prompts").asInt(doc.path("completed").asInt()), doc.path("failed").asInt(0), requestRate,
        mc.isNumber() ? mc.asInt() : null, m, ints(doc.get("input_lens")), ints(doc.get("output_lens")),
        doc.has("serveplan_workload") ? Optional.of(SpecReader.workloadFromTree(io.serveplan.hardware.document.Document.of(doc.get("serveplan_workload")),
            "serveplan_workload")) : Optional.empty());
  }

  private static MeasuredRun guidellm(JsonNode doc, int index, String name) {
    JsonNode all = doc.get("benchmarks");
    if (index < 0 || index >= all.size()) {
      throw new IllegalArgumentException("--benchmark: " + index + " is outside 0.." + (all.size() - 1) + " ("
          + name + " holds " + all.size() + " benchmarks)");
    }
    JsonNode b = all.get(index);
    JsonNode metrics = b.path("metrics");
    JsonNode totals = metrics.path("request_totals");
    int completed = totals.path("successful").asInt(b.path("run_stats").path("requests_made").path("successful").asInt(0));
    String at = name + " benchmarks[" + index + "]";
    double duration = b.path("duration").isNumber() ? b.path("duration").asDouble()
        : b.path("end_time").asDouble(Double.NaN) - b.path("start_time").asDouble(Double.NaN);
    if (!Double.isFinite(duration) || duration <= 0) {
      throw new IllegalArgumentException("--measured: " + at + ": duration: missing; allowed: duration, or "
          + "start_time and end_time (seconds)");
    }
    BenchServeMetrics m = new BenchServeMetrics(completed, duration,
        totalSum(metrics, "prompt_token_count", at), totalSum(metrics, "output_token_count", at),
        mean(metrics, "requests_per_second", at), mean(metrics, "output_tokens_per_second", at),
        mean(metrics, "tokens_per_second", at),
        OptionalDouble.empty(),
        summary(metrics.path("time_to_first_token_ms"), 1),
        summary(metrics.path("time_per_output_token_ms"), 1),
        summary(metrics.path("inter_token_latency_ms"), 1),
        summary(metrics.path("request_latency"), 1000)); // GuideLLM keeps request latency in seconds
    JsonNode rate = b.path("config").path("strategy").path("rate");
    if (rate.isMissingNode()) {
      rate = b.path("config").path("rate");
    }
    return new MeasuredRun("guidellm", b.path("config").path("model").asText(doc.path("args").path("model").asText("")),
        b.path("end_time").asText(""), completed + totals.path("errored").asInt(0), totals.path("errored").asInt(0),
        rate.isNumber() ? rate.asDouble() : Double.NaN, null, m, List.of(), List.of(), Optional.empty());
  }

  /** mean, median, std, p90, p95, p99 of one GuideLLM distribution (percentiles nested or flat). */
  private static LatencyStats summary(JsonNode dist, double scale) {
    JsonNode s = dist.path("successful");
    if (!s.isObject() || !s.path("mean").isNumber()) {
      return LatencyStats.ABSENT;
    }
    JsonNode pct = s.has("percentiles") ? s.get("percentiles") : s;
    NavigableMap<Double, Double> percentiles = new TreeMap<>();
    for (double p : LatencyStats.SERVEPLAN_PERCENTILES) {
      JsonNode v = pct.path("p" + (long) p);
      if (v.isNumber()) {
        percentiles.put(p, v.asDouble() * scale);
      }
    }
    JsonNode median = s.has("median") ? s.get("median") : pct.path("p50");
    JsonNode std = s.has("std_dev") ? s.get("std_dev") : s.path("std");
    return new LatencyStats(s.path("mean").asDouble() * scale, median.asDouble(Double.NaN) * scale,
        std.asDouble(Double.NaN) * scale, percentiles);
  }

  private static double mean(JsonNode metrics, String name, String at) {
    JsonNode v = metrics.path(name).path("successful").path("mean");
    if (!v.isNumber()) {
      throw new IllegalArgumentException("--measured: " + at + ": metrics." + name + ".successful.mean: missing");
    }
    return v.asDouble();
  }

  private static long totalSum(JsonNode metrics, String name, String at) {
    JsonNode v = metrics.path(name).path("successful").path("total_sum");
    if (!v.isNumber()) {
      throw new IllegalArgumentException("--measured: " + at + ": metrics." + name + ".successful.total_sum: missing "
          + "(GuideLLM reports the tokens of the successful requests there)");
    }
    return Math.round(v.asDouble());
  }

  /**
   * The workload this run offered: the declared block when the file has one, else one rebuilt from
   * its keys — the mean prompt and output lengths (fixed), {@code num_prompts}, and the arrivals:
   * {@code max_concurrency} clients in a closed loop when the rate was "inf", Poisson at
   * {@code request_rate} otherwise, all at once ("offline") for "inf" without a limit.
   */
  public WorkloadSpec workload() {
    if (declaredWorkload.isPresent()) {
      return declaredWorkload.get();
    }
    double completed = metrics.completed();
    if (completed < 1) {
      throw new IllegalArgumentException("--from: a " + format + " result with completed 0 has no workload to rebuild");
    }
    LengthSpec input = LengthSpec.fixed(Math.max(1, Math.round(metrics.totalInputTokens() / completed)));
    LengthSpec output = LengthSpec.fixed(Math.max(1, Math.round(metrics.totalOutputTokens() / completed)));
    boolean inf = Double.isInfinite(requestRate) || Double.isNaN(requestRate);
    String arrival = inf ? (maxConcurrency != null ? "concurrency" : "offline") : "poisson";
    return new WorkloadSpec(arrival, inf ? 1.0 : requestRate, 1.0, inf ? maxConcurrency : null, numPrompts, input,
        output, SharedPrefixSpec.none(), null, 1.0);
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(v -> out.add(v.asInt()));
    }
    return out;
  }
}
