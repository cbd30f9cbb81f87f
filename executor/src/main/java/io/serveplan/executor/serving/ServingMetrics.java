package io.serveplan.executor.serving;

import io.serveplan.executor.engine.LiveEngine;
import java.util.Locale;

/**
 * The server's Prometheus metrics, named as vLLM (V1) names them, so dashboards and scrapers built
 * for vLLM read them unchanged: {@code vllm:num_requests_running}, {@code vllm:num_requests_waiting},
 * {@code vllm:kv_cache_usage_perc} (and its V0 name {@code vllm:gpu_cache_usage_perc}),
 * {@code vllm:num_preemptions_total}, {@code vllm:prompt_tokens_total},
 * {@code vllm:generation_tokens_total}, {@code vllm:request_success_total}, and the histograms
 * {@code vllm:time_to_first_token_seconds}, {@code vllm:inter_token_latency_seconds} and
 * {@code vllm:e2e_request_latency_seconds}, each labelled {@code model_name}. Thread-safe.
 */
final class ServingMetrics {

  // bucket bounds as vLLM's V1 metrics define them (vllm/v1/metrics/loggers.py)
  private static final double[] TTFT_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75,
      1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
  private static final double[] ITL_BUCKETS = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0,
      2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0};
  private static final double[] E2E_BUCKETS = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0,
      50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};

  /** A cumulative histogram in seconds. */
  static final class Histogram {
    private final double[] bounds;
    private final long[] counts;
    private long count;
    private double sum;

    Histogram(double[] bounds) {
      this.bounds = bounds;
      this.counts = new long[bounds.length];
    }

    synchronized void observe(double seconds) {
      for (int i = 0; i < bounds.length; i++) {
        if (seconds <= bounds[i]) {
          counts[i]++;
        }
      }
      count++;
      sum += seconds;
    }

    synchronized long count() {
      return count;
    }

    synchronized void write(StringBuilder out, String name, String labels, String help) {
      out.append("# HELP ").append(name).append(' ').append(help).append('\n');
      out.append("# TYPE ").append(name).append(" histogram\n");
      for (int i = 0; i < bounds.length; i++) {
        out.append(name).append("_bucket{").append(labels).append(",le=\"").append(bounds[i]).append("\"} ")
            .append(counts[i]).append('\n');
      }
      out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ").append(count).append('\n');
      out.append(name).append("_count{").append(labels).append("} ").append(count).append('\n');
      out.append(name).append("_sum{").append(labels).append("} ").append(String.format(Locale.ROOT, "%.6f", sum))
          .append('\n');
    }
  }

  final Histogram ttft = new Histogram(TTFT_BUCKETS);
  final Histogram itl = new Histogram(ITL_BUCKETS);
  final Histogram e2e = new Histogram(E2E_BUCKETS);
  private final String labels;

  ServingMetrics(String modelName) {
    // NOTE: the label value is the served model name, which the operator chose; quotes and
    // backslashes are escaped as the exposition format requires
    this.labels = "model_name=\"" + modelName.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  String render(LiveEngine.Stats s) {
    StringBuilder out = new StringBuilder();
    gauge(out, "vllm:num_requests_running", "Number of requests in model execution batches.", s.numRunning());
    gauge(out, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", s.numWaiting());
    gauge(out, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", s.kvCacheUsage());
    gauge(out, "vllm:gpu_cache_usage_perc", "KV-cache usage (vLLM V0 name). 1 means 100 percent usage.",
        s.kvCacheUsage());
    counter(out, "vllm:num_preemptions_total", "Cumulative number of preemptions.", s.numPreemptions());
    counter(out, "vllm:prompt_tokens_total", "Number of prefill tokens processed.", s.promptTokens());
    counter(out, "vllm:generation_tokens_total", "Number of generation tokens processed.", s.generationTokens());
    out.append("# HELP vllm:request_success_total Count of successfully processed requests.\n")
        .append("# TYPE vllm:request_success_total counter\n")
        .append("vllm:request_success_total{").append(labels).append(",finished_reason=\"length\"} ")
        .append(s.finishedRequests()).append('\n');
    ttft.write(out, "vllm:time_to_first_token_seconds", labels, "Histogram of time to first token in seconds.");
    itl.write(out, "vllm:inter_token_latency_seconds", labels, "Histogram of inter-token latency in seconds.");
    e2e.write(out, "vllm:e2e_request_latency_seconds", labels, "Histogram of end to end request latency in seconds.");
    return out.toString();
  }

  private void gauge(StringBuilder out, String name, String help, double value) {
    metric(out, name, help, "gauge", String.format(Locale.ROOT, "%s", value));
  }

  private void counter(StringBuilder out, String name, String help, long value) {
    metric(out, name, help, "counter", Long.toString(value));
  }

  private void metric(StringBuilder out, String name, String help, String type, String value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    out.append(name).append('{').append(labels).append("} ").append(value).append('\n');
  }
}
