package io.serveplan.executor.bench;

import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.simulator.metrics.MetricsCollector;
import io.serveplan.simulator.result.LatencyStats;
import io.serveplan.simulator.spec.SloSpec;
import io.serveplan.simulator.spec.WorkloadSpec;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark run: every request's outcome, and the result JSON with {@code vllm bench serve}'s
 * flat keys and units ({@code duration} s; {@code *_ms} ms; {@code ttfts}, {@code itls} s, as its
 * per-request arrays), so the two tools' files diff key by key. The document's keys are data
 * (vLLM's, percentiles included), so it is built as an ordered map of plain values and written by
 * {@link JsonCodec}. Immutable.
 */
public record BenchResult(BenchServe.Options options, WorkloadSpec workload, List<RequestOutcome> requests,
    double durationS, boolean cancelled) {

  public BenchResult {
    requests = List.copyOf(requests);
  }

  public List<RequestOutcome> completed() {
    return requests.stream().filter(RequestOutcome::success).toList();
  }

  /** How many requests failed. */
  public int failed() {
    return requests.size() - completed().size();
  }

  /** The first non-empty error message of a failed request. */
  public java.util.Optional<String> firstError() {
    return requests.stream().map(RequestOutcome::error).filter(e -> e != null && !e.isEmpty()).findFirst();
  }

  /** This run as a measured run, read back from its result document (as a stored result is). */
  public MeasuredRun measured(SloSpec slo) {
    return MeasuredRun.fromDocument(document(slo));
  }

  /**
   * The result file's text: indented JSON, keys in {@code vllm bench serve}'s order, then its
   * per-request arrays and the workload block.
   */
  public String toJson(SloSpec slo) {
    return JsonCodec.write(document(slo), JsonCodec.Keys.SNAKE_CASE);
  }

  /** The result document as plain values (numbers boxed as they are written), in key order. */
  Map<String, Object> document(SloSpec slo) {
    List<RequestOutcome> ok = completed();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("date", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    doc.put("endpoint_type", "openai" + (options.endpoint().equals("chat") ? "-chat" : ""));
    doc.put("backend", "openai" + (options.endpoint().equals("chat") ? "-chat" : ""));
    doc.put("label", options.label());
    doc.put("model_id", options.model());
    doc.put("tokenizer_id", options.model());
    doc.put("num_prompts", requests.size());
    putRate(doc);
    doc.put("burstiness", workload.arrival().equals("gamma") && workload.cv() > 0 ? 1 / (workload.cv() * workload.cv())
        : 1.0);
    if (options.maxConcurrency() > 0 || workload.concurrency() != null) {
      doc.put("max_concurrency", options.maxConcurrency() > 0 ? options.maxConcurrency() : workload.concurrency());
    } else {
      doc.put("max_concurrency", null);
    }
    long in = 0;
    long out = 0;
    int good = 0;
    for (RequestOutcome o : ok) {
      in += o.promptLen();
      out += o.outputTokens();
      if (meetsSlo(o, slo)) {
        good++;
      }
    }
    double dur = durationS;
    doc.put("duration", dur);
    doc.put("completed", ok.size());
    doc.put("failed", requests.size() - ok.size());
    doc.put("total_input_tokens", in);
    doc.put("total_output_tokens", out);
    doc.put("request_throughput", dur > 0 ? ok.size() / dur : 0.0);
    doc.put("request_goodput", dur > 0 ? good / dur : 0.0);
    doc.put("output_throughput", dur > 0 ? out / dur : 0.0);
    doc.put("total_token_throughput", dur > 0 ? (in + out) / dur : 0.0);
    doc.put("max_output_tokens_per_s", maxOutputTokensPerSecond(ok));
    doc.put("max_concurrent_requests", maxConcurrentRequests(ok));
    double[] ttft = new double[ok.size()];
    double[] tpot = new double[ok.size()];
    double[] e2el = new double[ok.size()];
    List<Double> itl = new ArrayList<>();
    int nt = 0;
    for (int i = 0; i < ok.size(); i++) {
      RequestOutcome o = ok.get(i);
      ttft[i] = o.ttftS() * 1000;
      e2el[i] = o.latencyS() * 1000;
      if (o.outputTokens() > 1) {
        tpot[nt++] = o.tpotS() * 1000;
      }
      o.itlS().forEach(v -> itl.add(v * 1000));
    }
    putStats(doc, "ttft", ttft, ttft.length);
    putStats(doc, "tpot", tpot, nt);
    putStats(doc, "itl", itl.stream().mapToDouble(Double::doubleValue).toArray(), itl.size());
    putStats(doc, "e2el", e2el, e2el.length);
    perRequest(doc);
    doc.put("cancelled", cancelled);
    doc.put("serveplan_workload", workloadBlock(workload));
    return doc;
  }

  /** The workload block as a spec writes it (snake_case, unset fields left out), readable by SpecReader. */
  static Object workloadBlock(WorkloadSpec w) {
    Object block = JsonCodec.toPlain(w, JsonCodec.Keys.SNAKE_CASE);
    dropNulls(block);
    return block;
  }

  /** Removes null-valued keys from every map reachable through maps (not through lists). */
  private static void dropNulls(Object value) {
    if (value instanceof Map<?, ?> map) {
      map.values().removeIf(v -> v == null);
      map.values().forEach(BenchResult::dropNulls);
    }
  }

  private void putRate(Map<String, Object> doc) {
    switch (workload.arrival()) {
      case "poisson", "gamma", "constant" -> doc.put("request_rate", workload.rate());
      default -> doc.put("request_rate", "inf");
    }
  }

  private static boolean meetsSlo(RequestOutcome o, SloSpec slo) {
    boolean tpotOk = o.outputTokens() <= 1 || o.tpotS() * 1000 <= slo.tpotMs();
    boolean e2elOk = slo.e2elMs() == null || o.latencyS() * 1000 <= slo.e2elMs();
    return o.ttftS() * 1000 <= slo.ttftMs() && tpotOk && e2elOk;
  }

  private static void putStats(Map<String, Object> doc, String name, double[] values, int n) {
    LatencyStats.ofSix(MetricsCollector.stats(values, n)).forEachKey(name, doc::put);
  }

  private void perRequest(Map<String, Object> doc) {
    List<Integer> inputLens = new ArrayList<>();
    List<Integer> outputLens = new ArrayList<>();
    List<Double> ttfts = new ArrayList<>();
    List<List<Double>> itls = new ArrayList<>();
    List<Double> starts = new ArrayList<>();
    List<Double> latencies = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (RequestOutcome o : requests) {
      inputLens.add(o.promptLen());
      outputLens.add(o.outputTokens());
      ttfts.add(o.ttftS());
      itls.add(o.itlS());
      starts.add(o.startS());
      latencies.add(o.latencyS());
      texts.add(o.generatedText());
      errors.add(o.error());
    }
    doc.put("input_lens", inputLens);
    doc.put("output_lens", outputLens);
    doc.put("ttfts", ttfts);
    doc.put("itls", itls);
    doc.put("start_times", starts);
    doc.put("latencies", latencies);
    doc.put("generated_texts", texts);
    doc.put("errors", errors);
  }

  /** The most output tokens that arrived within one whole second of the run (vLLM's definition). */
  static double maxOutputTokensPerSecond(List<RequestOutcome> ok) {
    java.util.Map<Long, Integer> perSecond = new java.util.HashMap<>();
    for (RequestOutcome o : ok) {
      double t = o.startS() + o.ttftS();
      perSecond.merge((long) Math.floor(t), 1, Integer::sum);
      for (double gap : o.itlS()) {
        t += gap;
        perSecond.merge((long) Math.floor(t), 1, Integer::sum);
      }
    }
    return perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /** The most requests in flight at once. */
  static int maxConcurrentRequests(List<RequestOutcome> ok) {
    List<double[]> events = new ArrayList<>();
    for (RequestOutcome o : ok) {
      events.add(new double[] {o.startS(), 1});
      events.add(new double[] {o.startS() + o.latencyS(), -1});
    }
    events.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
    int now = 0;
    int max = 0;
    for (double[] e : events) {
      now += (int) e[1];
      max = Math.max(max, now);
    }
    return max;
  }
}
