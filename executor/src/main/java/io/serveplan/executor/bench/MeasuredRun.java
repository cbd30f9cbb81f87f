package io.serveplan.executor.bench;

import static io.serveplan.hardware.document.JsonValues.asDouble;
import static io.serveplan.hardware.document.JsonValues.asInt;
import static io.serveplan.hardware.document.JsonValues.asText;
import static io.serveplan.hardware.document.JsonValues.path;

import io.serveplan.hardware.document.Document;
import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.hardware.document.JsonValues;
import io.serveplan.simulator.result.BenchServeMetrics;
import io.serveplan.simulator.result.LatencyStats;
import io.serveplan.simulator.result.VllmBenchServeReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * percentiles the file does not report are absent. The file is read as plain values
 * ({@link JsonCodec#readValue}); optional keys convert leniently ({@link JsonValues}), so a count
 * written as a string still counts. Immutable.
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

  public MeasuredRun {
    if (metrics == null) {
      throw new IllegalArgumentException("metrics are required");
    }
    inputLens = List.copyOf(inputLens);
    outputLens = List.copyOf(outputLens);
  }

  /** Reads {@code file}; GuideLLM reports hold several benchmarks, {@code index} picks one. */
  public static MeasuredRun read(Path file, int index) {
    Object doc;
    try {
      doc = JsonCodec.readValue(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("--measured: cannot read " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      // NOTE: the parser's own message, with the line and column, as this error has always said it
      throw new IllegalArgumentException("--measured: cannot read " + file + ": " + e.getCause().getMessage(), e);
    }
    return fromTree(doc, index, file.toString());
  }

  /** A {@code bench-serve} result document already in memory (plain values, as its file reads back). */
  static MeasuredRun fromDocument(Map<String, Object> doc) {
    return fromTree(doc, 0, "the result");
  }

  private static MeasuredRun fromTree(Object doc, int index, String name) {
    if (doc instanceof Map<?, ?> map && map.get("benchmarks") instanceof List<?> benchmarks) {
      return guidellm(map, benchmarks, index, name);
    }
    if (doc instanceof Map<?, ?> map && VllmBenchServeReader.isResult(plain(map))) {
      return vllm(plain(map), name);
    }
    throw new IllegalArgumentException("--measured: " + name + " is neither a vllm bench serve result (keys "
        + "completed, duration, mean_ttft_ms, ...) nor a GuideLLM report (benchmarks[].metrics)");
  }

  /** A JSON object's map (its keys are strings), the form the simulator's reader takes. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> plain(Map<?, ?> object) {
    return (Map<String, Object>) object;
  }

  private static MeasuredRun vllm(Map<String, Object> doc, String name) {
    BenchServeMetrics m = VllmBenchServeReader.fromTree(doc, "--measured: " + name);
    Object rate = path(doc, "request_rate");
    double requestRate = rate instanceof Number n ? n.doubleValue() : "inf".equals(rate) ? Double.POSITIVE_INFINITY
        : Double.NaN;
    Object mc = path(doc, "max_concurrency");
    return new MeasuredRun("vllm-bench-serve", asText(path(doc, "model_id"), ""), asText(path(doc, "date"), ""),
        asInt(path(doc, "num_prompts"), asInt(path(doc, "completed"), 0)), asInt(path(doc, "failed"), 0), requestRate,
        mc instanceof Number n ? n.intValue() : null, m, ints(doc.get("input_lens")), ints(doc.get("output_lens")),
        doc.containsKey("serveplan_workload")
            ? Optional.of(SpecReader.workloadFromTree(Document.ofPlain(doc.get("serveplan_workload")),
                "serveplan_workload"))
            : Optional.empty());
  }

  private static MeasuredRun guidellm(Map<?, ?> doc, List<?> all, int index, String name) {
    if (index < 0 || index >= all.size()) {
      throw new IllegalArgumentException("--benchmark: " + index + " is outside 0.." + (all.size() - 1) + " ("
          + name + " holds " + all.size() + " benchmarks)");
    }
    Object b = all.get(index);
    Object metrics = path(b, "metrics");
    Object totals = path(metrics, "request_totals");
    int completed = asInt(path(totals, "successful"), asInt(path(b, "run_stats", "requests_made", "successful"), 0));
    String at = name + " benchmarks[" + index + "]";
    double duration = path(b, "duration") instanceof Number d ? d.doubleValue()
        : asDouble(path(b, "end_time"), Double.NaN) - asDouble(path(b, "start_time"), Double.NaN);
    if (!Double.isFinite(duration) || duration <= 0) {
      throw new IllegalArgumentException("--measured: " + at + ": duration: missing; allowed: duration, or "
          + "start_time and end_time (seconds)");
    }
    BenchServeMetrics m = new BenchServeMetrics(completed, duration,
        totalSum(metrics, "prompt_token_count", at), totalSum(metrics, "output_token_count", at),
        mean(metrics, "requests_per_second", at), mean(metrics, "output_tokens_per_second", at),
        mean(metrics, "tokens_per_second", at),
        OptionalDouble.empty(),
        summary(path(metrics, "time_to_first_token_ms"), 1),
        summary(path(metrics, "time_per_output_token_ms"), 1),
        summary(path(metrics, "inter_token_latency_ms"), 1),
        summary(path(metrics, "request_latency"), 1000)); // GuideLLM keeps request latency in seconds
    Object rate = path(b, "config", "strategy", "rate");
    if (JsonValues.isMissing(rate)) {
      rate = path(b, "config", "rate");
    }
    int errored = asInt(path(totals, "errored"), 0);
    return new MeasuredRun("guidellm", asText(path(b, "config", "model"), asText(path(doc, "args", "model"), "")),
        asText(path(b, "end_time"), ""), completed + errored, errored,
        rate instanceof Number r ? r.doubleValue() : Double.NaN, null, m, List.of(), List.of(), Optional.empty());
  }

  /** mean, median, std, p90, p95, p99 of one GuideLLM distribution (percentiles nested or flat). */
  private static LatencyStats summary(Object dist, double scale) {
    if (!(path(dist, "successful") instanceof Map<?, ?> s) || !(s.get("mean") instanceof Number mean)) {
      return LatencyStats.ABSENT;
    }
    Object pct = s.containsKey("percentiles") ? s.get("percentiles") : s;
    NavigableMap<Double, Double> percentiles = new TreeMap<>();
    for (double p : LatencyStats.SERVEPLAN_PERCENTILES) {
      if (path(pct, "p" + (long) p) instanceof Number v) {
        percentiles.put(p, v.doubleValue() * scale);
      }
    }
    Object median = s.containsKey("median") ? s.get("median") : path(pct, "p50");
    Object std = s.containsKey("std_dev") ? s.get("std_dev") : path(s, "std");
    return new LatencyStats(mean.doubleValue() * scale, asDouble(median, Double.NaN) * scale,
        asDouble(std, Double.NaN) * scale, percentiles);
  }

  private static double mean(Object metrics, String name, String at) {
    if (!(path(metrics, name, "successful", "mean") instanceof Number v)) {
      throw new IllegalArgumentException("--measured: " + at + ": metrics." + name + ".successful.mean: missing");
    }
    return v.doubleValue();
  }

  private static long totalSum(Object metrics, String name, String at) {
    if (!(path(metrics, name, "successful", "total_sum") instanceof Number v)) {
      throw new IllegalArgumentException("--measured: " + at + ": metrics." + name + ".successful.total_sum: missing "
          + "(GuideLLM reports the tokens of the successful requests there)");
    }
    return Math.round(v.doubleValue());
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

  private static List<Integer> ints(Object array) {
    List<Integer> out = new ArrayList<>();
    if (array instanceof List<?> values) {
      values.forEach(v -> out.add(asInt(v, 0)));
    }
    return out;
  }
}
