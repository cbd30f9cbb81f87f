package io.serveplan.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * A self-contained HTML report of a result document: its charts as PNG files beside
 * {@code index.html}, the key numbers and the spec it came from. Opens from disk with no server.
 * Recognises simulation results ({@code metrics}), recommendations ({@code options}) and capacity
 * searches ({@code curve}).
 */
public final class HtmlReport {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Keys shown in a simulation report's table, in order. */
  static final List<String> SIMULATION_KEYS = List.of("completed", "duration", "request_throughput",
      "output_throughput", "total_token_throughput", "request_goodput", "mean_ttft_ms", "p95_ttft_ms",
      "p99_ttft_ms", "mean_tpot_ms", "p95_tpot_ms", "mean_itl_ms", "p95_itl_ms", "mean_e2el_ms",
      "p95_e2el_ms", "num_gpu_blocks", "kv_capacity_requests", "kv_cache_usage_mean",
      "kv_cache_usage_max", "num_preemptions", "prefix_cache_hit_rate", "mean_batch_size",
      "busy_fraction", "compute_bound_fraction");

  private HtmlReport() {}

  /** What kind of document this is: simulation, recommendation or capacity. */
  public static String kindOf(JsonNode result) {
    if (result.has("options")) {
      return "recommendation";
    }
    if (result.has("curve")) {
      return "capacity";
    }
    if (result.has("metrics")) {
      return "simulation";
    }
    throw new IllegalArgumentException(
        "result: not a ServePlan result (expected a simulation with 'metrics', a recommendation "
            + "with 'options' or a capacity search with 'curve')");
  }

  /** The charts of a result, by file stem. */
  public static Map<String, JFreeChart> charts(JsonNode result) {
    Map<String, JFreeChart> charts = new LinkedHashMap<>();
    switch (kindOf(result)) {
      case "simulation" -> {
        charts.put("ttft_cdf", Charts.latencyCdf(result, "ttft"));
        charts.put("tpot_cdf", Charts.latencyCdf(result, "tpot"));
        charts.put("e2el_cdf", Charts.latencyCdf(result, "e2el"));
        if (result.path("time_series").path("time_s").size() > 0) {
          charts.put("time_series", Charts.timeSeries(result));
        }
      }
      case "recommendation" -> {
        charts.put("cost_per_million", Charts.costPerMillionTokens(result));
        charts.put("break_even", Charts.breakEven(result));
        charts.put("pareto", Charts.pareto(result));
      }
      default -> {
        charts.put("capacity", Charts.capacityCurve(result));
        // a rate sweep's points carry the rate each achieved; a capacity search's stand-ins may not
        if (Charts.hasAchievedRates(result)) {
          charts.put("throughput", Charts.throughputCurve(result));
        }
      }
    }
    return charts;
  }

  /**
   * Writes {@code index.html} and one PNG per chart into {@code outDir} (created if needed).
   *
   * @return the path of index.html
   */
  public static Path write(JsonNode result, Path outDir) {
    try {
      Files.createDirectories(outDir);
      Map<String, JFreeChart> charts = charts(result);
      for (Map.Entry<String, JFreeChart> e : charts.entrySet()) {
        Files.write(outDir.resolve(e.getKey() + ".png"), ChartImages.png(e.getValue()));
      }
      Path index = outDir.resolve("index.html");
      Files.writeString(index, html(result, charts));
      return index;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report into " + outDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The report page; each chart is referenced as {@code <stem>.png} relative to the page (the
   * files {@link #write} puts beside it, or a server's chart URLs under the same path).
   */
  public static String html(JsonNode result) {
    return html(result, charts(result));
  }

  private static String html(JsonNode result, Map<String, JFreeChart> charts) {
    StringBuilder body = new StringBuilder();
    String kind = kindOf(result);
    body.append("<h1>ServePlan ").append(kind).append(" report</h1>\n");
    switch (kind) {
      case "simulation" -> simulationSummary(result, body);
      case "recommendation" -> recommendationSummary(result, body);
      default -> body.append("<p>Capacity: <b>")
          .append(Charts.fmt(result.path("max_rps").asDouble())).append(" requests/s</b></p>\n");
    }
    body.append("<h2>Charts</h2>\n");
    for (Map.Entry<String, JFreeChart> e : charts.entrySet()) {
      body.append("<figure><img src=\"").append(e.getKey()).append(".png\" alt=\"")
          .append(escape(e.getValue().getTitle().getText())).append("\" width=\"800\"></figure>\n");
    }
    JsonNode spec = result.has("spec") ? result.get("spec") : result.get("sheet");
    if (spec != null) {
      try {
        body.append("<h2>Spec</h2>\n<pre>").append(escape(JSON.writeValueAsString(spec)))
            .append("</pre>\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return page("ServePlan " + kind + " report", body.toString());
  }

  /** One chart of a result by its stem (as listed by {@link #charts}), as PNG bytes. */
  public static byte[] chartPng(JsonNode result, String stem) {
    JFreeChart chart = charts(result).get(stem);
    if (chart == null) {
      throw new IllegalArgumentException("chart: unknown '" + stem + "' for a " + kindOf(result)
          + "; allowed: " + String.join(", ", charts(result).keySet()));
    }
    return ChartImages.png(chart);
  }

  private static void simulationSummary(JsonNode result, StringBuilder body) {
    JsonNode spec = result.path("spec");
    body.append("<p>").append(escape(spec.path("model").asText())).append(" on ")
        .append(spec.path("replicas").asInt(1)).append(" × ")
        .append(spec.path("tensor_parallel").asInt(1)).append(" ")
        .append(escape(spec.path("hardware").asText())).append(", engine ")
        .append(escape(spec.path("engine").path("preset").asText())).append("</p>\n");
    body.append("<h2>Key numbers</h2>\n<table>\n");
    JsonNode m = result.path("metrics");
    for (String k : SIMULATION_KEYS) {
      if (m.has(k)) {
        body.append("<tr><th>").append(k).append("</th><td>")
            .append(number(m.get(k))).append("</td></tr>\n");
      }
    }
    body.append("</table>\n");
  }

  private static void recommendationSummary(JsonNode result, StringBuilder body) {
    body.append("<h2>Options, cheapest first</h2>\n<table>\n<tr><th>#</th><th>operating model</th>"
        + "<th>model</th><th>hardware</th><th>GPUs</th><th>replicas</th><th>USD / month</th>"
        + "<th>USD / M input</th><th>USD / M output</th><th>reasons</th></tr>\n");
    int i = 1;
    for (JsonNode o : result.path("options")) {
      List<String> reasons = new ArrayList<>();
      o.path("reasons").forEach(r -> reasons.add(r.asText()));
      body.append("<tr><td>").append(i++).append("</td><td>")
          .append(escape(o.path("operating_model").asText())).append("</td><td>")
          .append(escape(o.path("model").asText())).append("</td><td>")
          .append(escape(o.path("hardware").asText(o.path("provider").asText()))).append("</td><td>")
          .append(o.path("gpus").asInt()).append("</td><td>")
          .append(o.path("replicas").asInt()).append("</td><td>")
          .append(number(o.path("usd_per_month"))).append("</td><td>")
          .append(number(o.path("usd_per_million_input_tokens"))).append("</td><td>")
          .append(number(o.path("usd_per_million_output_tokens"))).append("</td><td>")
          .append(escape(String.join("; ", reasons))).append("</td></tr>\n");
    }
    body.append("</table>\n");
    JsonNode be = result.path("break_even");
    if (!be.isMissingNode() && !be.isNull()) {
      body.append("<h2>Break-even</h2>\n<pre>").append(escape(be.toPrettyString())).append("</pre>\n");
    }
  }

  private static String number(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "–";
    }
    if (v.isIntegralNumber()) {
      return String.format("%,d", v.asLong());
    }
    if (v.isNumber()) {
      double d = v.asDouble();
      return Math.abs(d) >= 1000 ? String.format("%,.0f", d) : String.format("%.4g", d);
    }
    return escape(v.asText());
  }

  static String page(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
        + "</title>\n<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}"
        + "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}"
        + "td{font-variant-numeric:tabular-nums}pre{background:#f6f6f6;padding:1em;overflow:auto}"
        + "figure{margin:1em 0}</style></head>\n<body>\n" + body + "</body></html>\n";
  }

  /** HTML-escapes text for element content and attribute values. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
