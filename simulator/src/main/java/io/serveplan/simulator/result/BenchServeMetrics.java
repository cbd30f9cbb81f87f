package io.serveplan.simulator.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics of a {@code vllm bench serve} result, under its key names and in its units: counts,
 * {@code duration} in seconds, throughputs per second (requests, output tokens, all tokens),
 * {@code request_goodput} (requests within every SLO per second) and the four latency families in
 * milliseconds. The simulator predicts them (every one), the executor measures them with the same
 * definitions ({@code MetricsCollector}), and {@link VllmBenchServeReader} reads them from a real
 * result file, where vLLM leaves out what it was not asked for: {@code request_goodput} without
 * {@code --goodput} (empty here), a latency family not in {@code --percentile-metrics}
 * ({@link LatencyStats#ABSENT}), percentiles not in {@code --metric-percentiles}. Immutable.
 */
public record BenchServeMetrics(
    int completed,
    double duration,
    long totalInputTokens,
    long totalOutputTokens,
    double requestThroughput,
    double outputThroughput,
    double totalTokenThroughput,
    OptionalDouble requestGoodput,
    LatencyStats ttft,
    LatencyStats tpot,
    LatencyStats itl,
    LatencyStats e2el) {

  /** The latency families, in vLLM's order. */
  public static final List<String> FAMILIES = List.of("ttft", "tpot", "itl", "e2el");

  /** Every key the simulator writes, in order (docs/design.md, "Result keys"). */
  public static final List<String> KEYS = keys();

  private static final Pattern LATENCY_KEY = Pattern.compile("(mean|median|std|p(\\d+(?:\\.\\d+)?))_(ttft|tpot|itl|e2el)_ms");

  public BenchServeMetrics {
    if (completed < 0 || totalInputTokens < 0 || totalOutputTokens < 0) {
      throw new IllegalArgumentException("completed, total_input_tokens and total_output_tokens must be >= 0, got "
          + completed + ", " + totalInputTokens + ", " + totalOutputTokens);
    }
    if (ttft == null || tpot == null || itl == null || e2el == null || requestGoodput == null) {
      throw new IllegalArgumentException("a latency family or request_goodput is null; use LatencyStats.ABSENT "
          + "or OptionalDouble.empty()");
    }
  }

  /** The family {@code ttft}, {@code tpot}, {@code itl} or {@code e2el}. */
  public LatencyStats latency(String family) {
    return switch (family) {
      case "ttft" -> ttft;
      case "tpot" -> tpot;
      case "itl" -> itl;
      case "e2el" -> e2el;
      default -> throw new IllegalArgumentException("latency family: '" + family + "'; allowed: " + FAMILIES);
    };
  }

  /**
   * The reported keys and values in vLLM's order, numbers typed as vLLM writes them (counts as
   * integers, the rest as doubles). A simulated result has exactly {@link #KEYS}.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("completed", completed);
    m.put("duration", duration);
    m.put("total_input_tokens", totalInputTokens);
    m.put("total_output_tokens", totalOutputTokens);
    m.put("request_throughput", requestThroughput);
    m.put("output_throughput", outputThroughput);
    m.put("total_token_throughput", totalTokenThroughput);
    requestGoodput.ifPresent(g -> m.put("request_goodput", g));
    for (String f : FAMILIES) {
      latency(f).forEachKey(f, m::put);
    }
    return m;
  }

  /**
   * The value of one vLLM key ({@code completed}, {@code p95_ttft_ms}, ...), empty when this result
   * does not report it.
   *
   * @throws IllegalArgumentException for a key that is not a vLLM bench serve metric
   */
  public OptionalDouble value(String key) {
    switch (key) {
      case "completed":
        return OptionalDouble.of(completed);
      case "duration":
        return OptionalDouble.of(duration);
      case "total_input_tokens":
        return OptionalDouble.of(totalInputTokens);
      case "total_output_tokens":
        return OptionalDouble.of(totalOutputTokens);
      case "request_throughput":
        return OptionalDouble.of(requestThroughput);
      case "output_throughput":
        return OptionalDouble.of(outputThroughput);
      case "total_token_throughput":
        return OptionalDouble.of(totalTokenThroughput);
      case "request_goodput":
        return requestGoodput;
      default:
        return latencyValue(key);
    }
  }

  /** Whether {@code key} names a vLLM bench serve metric (reported here or not). */
  public static boolean isKey(String key) {
    return KEYS.contains(key) || LATENCY_KEY.matcher(key).matches();
  }

  private OptionalDouble latencyValue(String key) {
    Matcher m = LATENCY_KEY.matcher(key);
    if (!m.matches()) {
      throw new IllegalArgumentException("metric: '" + key + "' is not a vllm bench serve key; allowed: " + KEYS
          + " (or any pP_X_ms percentile)");
    }
    LatencyStats s = latency(m.group(3));
    if (!s.reported()) {
      return OptionalDouble.empty();
    }
    return switch (m.group(1)) {
      case "mean" -> OptionalDouble.of(s.meanMs());
      case "median" -> OptionalDouble.of(s.medianMs());
      case "std" -> OptionalDouble.of(s.stdMs());
      default -> s.percentileMs(Double.parseDouble(m.group(2)));
    };
  }

  private static List<String> keys() {
    List<String> keys = new ArrayList<>(List.of("completed", "duration", "total_input_tokens",
        "total_output_tokens", "request_throughput", "output_throughput", "total_token_throughput",
        "request_goodput"));
    for (String f : FAMILIES) {
      for (String s : List.of("mean", "median", "std")) {
        keys.add(s + "_" + f + "_ms");
      }
      for (double p : LatencyStats.SERVEPLAN_PERCENTILES) {
        keys.add(LatencyStats.percentileKey(p, f));
      }
    }
    return List.copyOf(keys);
  }
}
