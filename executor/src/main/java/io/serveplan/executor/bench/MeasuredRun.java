package io.serveplan.executor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.simulator.metrics.MetricsCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.serveplan.simulator.spec.LengthSpec;
import io.serveplan.simulator.spec.SharedPrefixSpec;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WorkloadSpec;

/**
 * A benchmark someone ran against a real server, read into ServePlan's result keys: a
 * {@code vllm bench serve} result JSON (its own keys; also ServePlan's {@code bench-serve} output)
 * or one benchmark of a GuideLLM report ({@code benchmarks[i].metrics.*.successful}, with
 * {@code request_latency} in seconds turned into {@code *_e2el_ms}). Only the keys the file has
 * are present. Immutable.
 *
 * @param format {@code vllm-bench-serve} or {@code guidellm}
 * @param requestRate requests per second offered; infinite for "inf" (all at once); NaN unknown
 * @param inputLens per-request prompt lengths when the file has them (vLLM's detailed results)
 * @param declaredWorkload the spec workload block that ServePlan's {@code bench-serve} ran
 *     ({@code serveplan_workload}); empty for other tools' files
 */
public record MeasuredRun(String format, String model, String date, int numPrompts, int failed, double requestRate,
    Integer maxConcurrency, Map<String, Double> metrics, List<Integer> inputLens, List<Integer> outputLens,
    Optional<WorkloadSpec> declaredWorkload) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public MeasuredRun {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
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
    if (doc != null && doc.has("completed") && doc.has("duration")) {
      return vllm(doc);
    }
    throw new IllegalArgumentException("--measured: " + name + " is neither a vllm bench serve result (keys "
        + "completed, duration, mean_ttft_ms, ...) nor a GuideLLM report (benchmarks[].metrics)");
  }

  private static MeasuredRun vllm(JsonNode doc) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String key : MetricsCollector.BENCH_KEYS) {
      JsonNode v = doc.get(key);
      if (v == null && key.equals("request_goodput")) {
        v = doc.get("request_goodput:"); // the key as vLLM wrote it before 2025-06 (a stray colon)
      }
      if (v != null && v.isNumber()) {
        m.put(key, v.asDouble());
      }
    }
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
    Map<String, Double> m = new LinkedHashMap<>();
    JsonNode totals = metrics.path("request_totals");
    int completed = totals.path("successful").asInt(b.path("run_stats").path("requests_made").path("successful").asInt(0));
    m.put("completed", (double) completed);
    summary(m, metrics.path("time_to_first_token_ms"), "ttft", 1);
    summary(m, metrics.path("time_per_output_token_ms"), "tpot", 1);
    summary(m, metrics.path("inter_token_latency_ms"), "itl", 1);
    summary(m, metrics.path("request_latency"), "e2el", 1000); // GuideLLM keeps request latency in seconds
    put(m, "request_throughput", metrics.path("requests_per_second").path("successful").path("mean"));
    put(m, "output_throughput", metrics.path("output_tokens_per_second").path("successful").path("mean"));
    put(m, "total_token_throughput", metrics.path("tokens_per_second").path("successful").path("mean"));
    JsonNode rate = b.path("config").path("strategy").path("rate");
    if (rate.isMissingNode()) {
      rate = b.path("config").path("rate");
    }
    return new MeasuredRun("guidellm", b.path("config").path("model").asText(doc.path("args").path("model").asText("")),
        b.path("end_time").asText(""), completed + totals.path("errored").asInt(0), totals.path("errored").asInt(0),
        rate.isNumber() ? rate.asDouble() : Double.NaN, null, m, List.of(), List.of(), Optional.empty());
  }

  /** mean, median, std, p90, p95, p99 of one GuideLLM distribution (percentiles nested or flat). */
  private static void summary(Map<String, Double> m, JsonNode dist, String name, double scale) {
    JsonNode s = dist.path("successful");
    if (!s.isObject()) {
      return;
    }
    JsonNode pct = s.has("percentiles") ? s.get("percentiles") : s;
    scaled(m, "mean_" + name + "_ms", s.path("mean"), scale);
    scaled(m, "median_" + name + "_ms", s.has("median") ? s.get("median") : pct.path("p50"), scale);
    scaled(m, "std_" + name + "_ms", s.has("std_dev") ? s.get("std_dev") : s.path("std"), scale);
    for (String p : List.of("p90", "p95", "p99")) {
      scaled(m, p + "_" + name + "_ms", pct.path(p), scale);
    }
  }

  private static void scaled(Map<String, Double> m, String key, JsonNode v, double scale) {
    if (v.isNumber()) {
      m.put(key, v.asDouble() * scale);
    }
  }

  private static void put(Map<String, Double> m, String key, JsonNode v) {
    scaled(m, key, v, 1);
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
    Double completed = metrics.get("completed");
    Double in = metrics.get("total_input_tokens");
    Double out = metrics.get("total_output_tokens");
    if (completed == null || completed < 1 || in == null || out == null) {
      throw new IllegalArgumentException("--from: a " + format + " result needs completed, total_input_tokens and "
          + "total_output_tokens to rebuild its workload");
    }
    LengthSpec input = LengthSpec.fixed(Math.max(1, Math.round(in / completed)));
    LengthSpec output = LengthSpec.fixed(Math.max(1, Math.round(out / completed)));
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
