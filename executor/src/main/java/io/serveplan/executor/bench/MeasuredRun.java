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
 */
public record MeasuredRun(String format, String model, String date, int numPrompts, int failed, double requestRate,
    Integer maxConcurrency, Map<String, Double> metrics, List<Integer> inputLens, List<Integer> outputLens) {

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
        mc.isNumber() ? mc.asInt() : null, m, ints(doc.get("input_lens")), ints(doc.get("output_lens")));
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
        rate.isNumber() ? rate.asDouble() : Double.NaN, null, m, List.of(), List.of());
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

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(v -> out.add(v.asInt()));
    }
    return out;
  }
}
