package io.serveplan.reports;

import io.serveplan.simulator.result.ResultMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.jfree.chart.JFreeChart;

/**
 * A self-contained HTML report of a result: its charts as PNG files beside {@code index.html}, the
 * verdict and key numbers with their units, and the spec it came from. Opens from disk with no
 * server; a server that sends a Content-Security-Policy allows its one inline style sheet by hash
 * ({@link #STYLE}).
 */
public final class HtmlReport {

  /**
   * The report's style sheet, inline so that a report opens from disk. A server's CSP names its
   * hash ({@code style-src 'sha256-...'}).
   */
  public static final String STYLE = "body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}"
      + "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}"
      + "td{font-variant-numeric:tabular-nums}td.n{text-align:right}pre{background:#f6f6f6;padding:1em;overflow:auto}"
      + "figure{margin:1em 0}.met{color:#1e8449}.missed{color:#c0392b}";

  /** A row of a simulation's key numbers: the result key, what it is, and its unit. */
  record Row(String key, String label, Unit unit) {}

  enum Unit {
    COUNT(""), SECONDS("s"), PER_SECOND("requests/s"), TOKENS_PER_SECOND("tokens/s"), MS("ms"), PERCENT("%"),
    BLOCKS("blocks per replica"), REQUESTS("requests");

    final String text;

    Unit(String text) {
      this.text = text;
    }
  }

  /** The rows of a simulation report's table, in order. */
  static final List<Row> SIMULATION_ROWS = List.of(
      new Row("completed", "requests completed", Unit.COUNT),
      new Row("duration", "benchmark duration", Unit.SECONDS),
      new Row("request_throughput", "request throughput", Unit.PER_SECOND),
      new Row("output_throughput", "output token throughput", Unit.TOKENS_PER_SECOND),
      new Row("total_token_throughput", "total token throughput", Unit.TOKENS_PER_SECOND),
      new Row("request_goodput", "goodput (requests within the SLO)", Unit.PER_SECOND),
      new Row("mean_ttft_ms", "mean time to first token", Unit.MS),
      new Row("p95_ttft_ms", "p95 time to first token", Unit.MS),
      new Row("p99_ttft_ms", "p99 time to first token", Unit.MS),
      new Row("mean_tpot_ms", "mean time per output token", Unit.MS),
      new Row("p95_tpot_ms", "p95 time per output token", Unit.MS),
      new Row("mean_itl_ms", "mean inter-token latency", Unit.MS),
      new Row("p95_itl_ms", "p95 inter-token latency", Unit.MS),
      new Row("mean_e2el_ms", "mean end-to-end latency", Unit.MS),
      new Row("p95_e2el_ms", "p95 end-to-end latency", Unit.MS),
      new Row("num_gpu_blocks", "KV cache blocks", Unit.BLOCKS),
      new Row("kv_capacity_requests", "requests the KV cache holds at once", Unit.REQUESTS),
      new Row("kv_cache_usage_mean", "KV cache used, mean", Unit.PERCENT),
      new Row("kv_cache_usage_max", "KV cache used, max", Unit.PERCENT),
      new Row("num_preemptions", "preemptions", Unit.COUNT),
      new Row("prefix_cache_hit_rate", "prefix cache hit rate", Unit.PERCENT),
      new Row("mean_batch_size", "mean running batch", Unit.REQUESTS),
      new Row("busy_fraction", "time the engines were busy", Unit.PERCENT),
      new Row("compute_bound_fraction", "steps bound by compute", Unit.PERCENT));

  /** The share of requests within the SLO that a simulation must reach to meet it, when its spec names none: the recommender's default attainment. */
  static final double DEFAULT_ATTAINMENT = 0.95;

  private HtmlReport() {}

  /** The charts of a result, by file stem. */
  public static Map<String, JFreeChart> charts(ResultDocument result) {
    Map<String, JFreeChart> charts = new LinkedHashMap<>();
    if (result instanceof SimulationDocument s) {
      for (SimulationCharts.Latency l : SimulationCharts.Latency.values()) {
        charts.put(l.id() + "_cdf", SimulationCharts.latencyCdf(s, l));
      }
      if (!s.timeSeries().isEmpty()) {
        charts.put("time_series", SimulationCharts.timeSeries(s));
      }
    } else if (result instanceof RecommendationDocument r) {
      charts.put("cost_per_million", CostCharts.costPerMillionTokens(r));
      charts.put("break_even", CostCharts.breakEven(r));
      charts.put("pareto", CostCharts.pareto(r));
    } else if (result instanceof CapacityDocument c) {
      charts.put("capacity", CapacityCharts.latencyCurve(c));
      // a rate sweep's points carry the rate each achieved; a capacity search's may not
      if (c.hasAchievedRates()) {
        charts.put("throughput", CapacityCharts.throughputCurve(c));
      }
    }
    return charts;
  }

  /**
   * Writes {@code index.html} and one PNG per chart into {@code outDir} (created if needed).
   *
   * @return the path of index.html
   */
  public static Path write(ResultDocument result, Path outDir) {
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
  public static String html(ResultDocument result) {
    return html(result, charts(result));
  }

  /** One chart of a result by its stem (as listed by {@link #charts}), as PNG bytes. */
  public static byte[] chartPng(ResultDocument result, String stem) {
    Map<String, JFreeChart> charts = charts(result);
    JFreeChart chart = charts.get(stem);
    if (chart == null) {
      throw new IllegalArgumentException("chart: unknown '" + stem + "' for a " + result.kind().id()
          + "; allowed: " + String.join(", ", charts.keySet()));
    }
    return ChartImages.png(chart);
  }

  private static String html(ResultDocument result, Map<String, JFreeChart> charts) {
    StringBuilder body = new StringBuilder();
    String kind = result.kind().id();
    body.append("<h1>ServePlan ").append(kind).append(" report</h1>\n");
    if (result instanceof SimulationDocument s) {
      simulationSummary(s, body);
    } else if (result instanceof RecommendationDocument r) {
      RecommendationSummary.append(r, body);
    } else if (result instanceof CapacityDocument c) {
      capacitySummary(c, body);
    }
    body.append("<h2>Charts</h2>\n");
    for (Map.Entry<String, JFreeChart> e : charts.entrySet()) {
      body.append("<figure><img src=\"").append(e.getKey()).append(".png\" alt=\"")
          .append(escape(e.getValue().getTitle().getText())).append("\" width=\"800\"></figure>\n");
    }
    if (result.specText() != null) {
      body.append("<h2>Spec</h2>\n<pre>").append(escape(result.specText())).append("</pre>\n");
    }
    return page("ServePlan " + kind + " report", body.toString());
  }

  private static void simulationSummary(SimulationDocument result, StringBuilder body) {
    SimulationDocument.Spec spec = result.spec();
    body.append("<p>").append(escape(String.valueOf(spec.model()))).append(" on ").append(spec.fleet())
        .append(spec.fleet() == 1 ? " replica" : " replicas").append(" of ").append(spec.tp()).append("× ")
        .append(escape(String.valueOf(spec.hardware()))).append(" (tensor parallel ").append(spec.tp())
        .append("), engine ").append(escape(spec.preset())).append("</p>\n");
    body.append(verdict(result));
    body.append("<h2>Key numbers</h2>\n<table>\n<tr><th>key</th><th>what</th><th>value</th><th>unit</th></tr>\n");
    ResultMetrics m = result.metrics();
    for (Row row : SIMULATION_ROWS) {
      OptionalDouble v = m.value(row.key());
      if (v.isPresent()) {
        body.append("<tr><th>").append(row.key()).append("</th><td>").append(escape(row.label()))
            .append("</td><td class=\"n\">").append(value(v.getAsDouble(), row.unit())).append("</td><td>")
            .append(escape(row.unit().text)).append("</td></tr>\n");
      }
    }
    body.append("</table>\n");
  }

  /**
   * "SLO met" or "SLO missed": the share of requests within every target (goodput over throughput)
   * against the attainment the spec names, else {@link #DEFAULT_ATTAINMENT}.
   */
  static String verdict(SimulationDocument result) {
    Slo slo = result.spec().slo();
    ResultMetrics m = result.metrics();
    OptionalDouble goodput = m.bench().requestGoodput();
    double throughput = m.bench().requestThroughput();
    if (!slo.any() || goodput.isEmpty() || !(throughput > 0)) {
      return "<p>No SLO verdict: the result has no targets or no goodput.</p>\n";
    }
    double share = Math.min(1.0, goodput.getAsDouble() / throughput);
    double target = slo.attainment() == null ? DEFAULT_ATTAINMENT : slo.attainment();
    boolean met = share >= target;
    List<String> targets = new ArrayList<>();
    if (slo.ttft() > 0) {
      targets.add("TTFT ≤ " + ChartStyle.fmt(slo.ttft()) + " ms");
    }
    if (slo.tpot() > 0) {
      targets.add("TPOT ≤ " + ChartStyle.fmt(slo.tpot()) + " ms");
    }
    if (slo.e2el() > 0) {
      targets.add("end-to-end ≤ " + ChartStyle.fmt(slo.e2el()) + " ms");
    }
    return "<p class=\"" + (met ? "met" : "missed") + "\"><b>SLO " + (met ? "met" : "missed") + "</b>: "
        + percent(share) + " of requests within " + escape(String.join(" and ", targets)) + " (target "
        + percent(target) + (slo.attainment() == null ? ", the recommender's default" : "") + ")</p>\n";
  }

  private static void capacitySummary(CapacityDocument c, StringBuilder body) {
    if (c.configuration() != null) {
      body.append("<p>").append(escape(c.configuration())).append("</p>\n");
    }
    body.append("<p>Capacity: <b>")
        .append(c.maxRps() == null ? "none found" : ChartStyle.fmt(c.maxRps()) + " requests/s")
        .append("</b> (the highest offered rate that holds the SLO)");
    if (c.kneeRps() != null) {
      body.append("; knee ").append(ChartStyle.fmt(c.kneeRps())).append(" requests/s");
    }
    if (c.serviceRps() != null) {
      body.append("; service rate ").append(ChartStyle.fmt(c.serviceRps())).append(" requests/s");
    }
    body.append("</p>\n");
  }

  private static String value(double v, Unit unit) {
    if (unit == Unit.PERCENT) {
      return String.format(Locale.ROOT, "%.1f", v * 100);
    }
    return number(v);
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }

  static String number(Double v) {
    if (v == null || v.isNaN()) {
      return "–";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,d", v.longValue());
    }
    return Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.4g", v);
  }

  static String page(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
        + "</title>\n<style>" + STYLE + "</style></head>\n<body>\n" + body + "</body></html>\n";
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
