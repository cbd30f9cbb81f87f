package io.serveplan.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The charts of ServePlan's reports, built from result documents as JSON trees (the JSON that
 * {@code simulate --out}, the recommender and the REST API write), so that a stored run and a file
 * on disk draw the same way. Every axis is labelled with its unit.
 */
public final class Charts {

  private static final Color SLO = new Color(0xC0392B);
  private static final Color CAPACITY = new Color(0x1E8449);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);

  private Charts() {}

  // ---- simulation ---------------------------------------------------------------------------

  /**
   * Empirical CDF of a per-request latency ({@code ttft}, {@code tpot} or {@code e2el}) with the
   * SLO marked. Uses the per-request records when the result has them, else the percentiles.
   */
  public static JFreeChart latencyCdf(JsonNode result, String metric) {
    String label = switch (metric) {
      case "ttft" -> "Time to first token";
      case "tpot" -> "Time per output token";
      case "e2el" -> "End-to-end latency";
      default -> throw new IllegalArgumentException(
          "metric: unknown '" + metric + "'; allowed: ttft, tpot, e2el");
    };
    XYSeries series = new XYSeries(label);
    double[] values = perRequest(result, metric + "_ms");
    if (values.length > 0) {
      Arrays.sort(values);
      for (int i = 0; i < values.length; i++) {
        series.add(values[i], (i + 1.0) / values.length);
      }
    } else {
      JsonNode m = result.path("metrics");
      series.add(0.0, 0.0);
      series.add(m.path("median_" + metric + "_ms").asDouble(), 0.50);
      series.add(m.path("p90_" + metric + "_ms").asDouble(), 0.90);
      series.add(m.path("p95_" + metric + "_ms").asDouble(), 0.95);
      series.add(m.path("p99_" + metric + "_ms").asDouble(), 0.99);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(label + " (CDF)", label + " (ms)",
        "Fraction of requests", new XYSeriesCollection(series), PlotOrientation.VERTICAL, false,
        true, false);
    XYPlot plot = chart.getXYPlot();
    ((NumberAxis) plot.getRangeAxis()).setRange(0.0, 1.0);
    double slo = sloMs(result, metric);
    if (slo > 0) {
      plot.addDomainMarker(marker(slo, "SLO " + fmt(slo) + " ms", SLO));
      NumberAxis x = (NumberAxis) plot.getDomainAxis();
      x.setRange(0.0, Math.max(series.getMaxX(), slo) * 1.08);
    }
    plot.getRenderer().setSeriesPaint(0, new Color(0x1F4E79));
    plot.getRenderer().setSeriesStroke(0, new BasicStroke(2f));
    return style(chart);
  }

  /** KV-cache usage, running batch, queue length and output throughput over simulated time. */
  public static JFreeChart timeSeries(JsonNode result) {
    JsonNode ts = result.path("time_series");
    double[] t = doubles(ts.path("time_s"));
    NumberAxis time = new NumberAxis("Simulated time (s)");
    CombinedDomainXYPlot combined = new CombinedDomainXYPlot(time);
    combined.setGap(8);
    combined.add(subplot(t, doubles(ts.path("kv_cache_usage")), 100.0, "KV cache used (%)",
        new Color(0x1F4E79)), 1);
    combined.add(subplot(t, doubles(ts.path("running")), 1.0, "Running (requests)",
        new Color(0x7D3C98)), 1);
    combined.add(subplot(t, doubles(ts.path("queue_length")), 1.0, "Waiting (requests)",
        new Color(0xC0392B)), 1);
    combined.add(subplot(t, doubles(ts.path("output_tokens_per_s")), 1.0, "Output (tokens/s)",
        new Color(0x1E8449)), 1);
    JFreeChart chart = new JFreeChart("Cache, batch, queue and throughput over time", TITLE, combined, false);
    return style(chart);
  }

  private static XYPlot subplot(double[] x, double[] y, double scale, String label, Color color) {
    XYSeries s = new XYSeries(label);
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      s.add(x[i], y[i] * scale);
    }
    NumberAxis axis = new NumberAxis(label);
    axis.setAutoRangeIncludesZero(true);
    axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    r.setSeriesStroke(0, new BasicStroke(1.5f));
    r.setSeriesPaint(0, color);
    return new XYPlot(new XYSeriesCollection(s), null, axis, r);
  }

  // ---- capacity search ----------------------------------------------------------------------

  /**
   * p95 TTFT and p95 TPOT against request rate, with the SLO lines and the capacity found. Takes a
   * capacity document: {@code curve} of points with {@code rps}, {@code p95_ttft_ms},
   * {@code p95_tpot_ms}; {@code max_rps}; optional {@code slo} {@code {ttft_ms, tpot_ms}}.
   */
  public static JFreeChart capacityCurve(JsonNode capacity) {
    XYSeries ttft = new XYSeries("p95 TTFT (ms)");
    XYSeries tpot = new XYSeries("p95 TPOT (ms)");
    List<JsonNode> points = new ArrayList<>();
    capacity.path("curve").forEach(points::add);
    points.sort((a, b) -> Double.compare(a.path("rps").asDouble(), b.path("rps").asDouble()));
    for (JsonNode p : points) {
      // rates failed without simulation (above the service rate) have no latencies
      if (p.path("p95_ttft_ms").isNumber()) {
        ttft.addOrUpdate(p.path("rps").asDouble(), p.path("p95_ttft_ms").asDouble());
        tpot.addOrUpdate(p.path("rps").asDouble(), p.path("p95_tpot_ms").asDouble());
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(ttft);
    data.addSeries(tpot);
    JFreeChart chart = ChartFactory.createXYLineChart("Latency against load",
        "Request rate (requests/s)", "Latency (ms, log scale)", data, PlotOrientation.VERTICAL,
        true, true, false);
    XYPlot plot = chart.getXYPlot();
    LogAxis log = new LogAxis("Latency (ms, log scale)");
    log.setSmallestValue(0.1);
    plot.setRangeAxis(log);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    plot.setRenderer(r);
    JsonNode slo = capacity.path("slo");
    if (slo.path("ttft_ms").asDouble() > 0) {
      plot.addRangeMarker(marker(slo.path("ttft_ms").asDouble(), "TTFT SLO", SLO));
    }
    if (slo.path("tpot_ms").asDouble() > 0) {
      plot.addRangeMarker(marker(slo.path("tpot_ms").asDouble(), "TPOT SLO", SLO.darker()));
    }
    capacityAndKnee(plot, capacity, "capacity");
    return style(chart);
  }

  /** The document's {@code max_rps} (labelled {@code capacityLabel}) and {@code knee_rps} as rate markers, where set. */
  private static void capacityAndKnee(XYPlot plot, JsonNode doc, String capacityLabel) {
    double max = doc.path("max_rps").asDouble();
    if (max > 0) {
      plot.addDomainMarker(marker(max, capacityLabel + " " + fmt(max) + " req/s", CAPACITY));
    }
    double knee = doc.path("knee_rps").asDouble();
    if (knee > 0) {
      ValueMarker k = marker(knee, "knee " + fmt(knee) + " req/s", SLO.darker());
      // below the capacity label: the two are often close
      k.setLabelAnchor(RectangleAnchor.BOTTOM_LEFT);
      k.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
      plot.addDomainMarker(k);
    }
  }

  /** True when the document's curve has points with the rate each achieved (a rate sweep's). */
  public static boolean hasAchievedRates(JsonNode sweep) {
    for (JsonNode p : sweep.path("curve")) {
      if (p.path("achieved_rps").isNumber()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Achieved throughput and goodput against offered rate, beside the offered rate itself (what a
   * replica that keeps up would achieve), with the service rate, the knee and the SLO capacity
   * marked. Takes a rate sweep document ({@code sweep-rate}'s JSON): {@code curve} of points with
   * {@code rps}, {@code achieved_rps}, optional {@code goodput_rps} and {@code requests} (0 for a
   * rate failed without simulation: left out, it was never measured); {@code service_rps},
   * {@code knee_rps}, {@code max_rps}.
   */
  public static JFreeChart throughputCurve(JsonNode sweep) {
    XYSeries achieved = new XYSeries("Achieved throughput");
    XYSeries goodput = new XYSeries("Goodput (within the SLO)");
    XYSeries offered = new XYSeries("Offered rate");
    List<JsonNode> points = new ArrayList<>();
    sweep.path("curve").forEach(points::add);
    points.sort((a, b) -> Double.compare(a.path("rps").asDouble(), b.path("rps").asDouble()));
    for (JsonNode p : points) {
      double rps = p.path("rps").asDouble();
      offered.addOrUpdate(rps, rps);
      boolean simulated = p.path("requests").asInt(1) > 0 && p.path("achieved_rps").isNumber();
      if (simulated) {
        achieved.addOrUpdate(rps, p.path("achieved_rps").asDouble());
        if (p.path("goodput_rps").isNumber()) {
          goodput.addOrUpdate(rps, p.path("goodput_rps").asDouble());
        }
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(achieved);
    data.addSeries(goodput);
    data.addSeries(offered);
    JFreeChart chart = ChartFactory.createXYLineChart("Throughput against offered rate",
        "Offered rate (requests/s)", "Throughput (requests/s)", data, PlotOrientation.VERTICAL, true, true, false);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    r.setSeriesPaint(0, new Color(0x1F4E79));
    r.setSeriesStroke(0, new BasicStroke(2f));
    r.setSeriesPaint(1, CAPACITY);
    r.setSeriesStroke(1, new BasicStroke(2f));
    r.setSeriesPaint(2, new Color(0x999999));
    r.setSeriesStroke(2, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f},
        0f));
    r.setSeriesShapesVisible(2, false);
    plot.setRenderer(r);
    ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(true);
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
    double service = sweep.path("service_rps").asDouble();
    if (service > 0) {
      ValueMarker mu = marker(service, "service rate " + fmt(service) + " req/s", new Color(0x7D3C98));
      mu.setLabelAnchor(RectangleAnchor.BOTTOM_LEFT);
      mu.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      plot.addRangeMarker(mu);
    }
    capacityAndKnee(plot, sweep, "SLO capacity");
    return style(chart);
  }

  // ---- recommendation -----------------------------------------------------------------------

  /**
   * Blended cost per million tokens of each option (GPU options and hosted APIs side by side),
   * cheapest first, from a recommendation's {@code options}.
   */
  public static JFreeChart costPerMillionTokens(JsonNode recommendation) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    int n = 0;
    for (JsonNode o : recommendation.path("options")) {
      if (n++ >= 15) {
        break;
      }
      String name = optionLabel(o);
      data.addValue(o.path("usd_per_million_input_tokens").asDouble(), "input", name);
      data.addValue(o.path("usd_per_million_output_tokens").asDouble(), "output", name);
    }
    JFreeChart chart = ChartFactory.createBarChart("Cost per million tokens", "Option",
        "USD per million tokens", data, PlotOrientation.VERTICAL, true, true, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
    return style(chart);
  }

  /**
   * Monthly cost against monthly token volume: each API's bill grows linearly with tokens; a
   * self-hosted option costs its monthly bill per replica and adds a replica for each replica's
   * worth of tokens (capacity_tokens_per_s per replica, running the whole month). The recommended
   * volume is marked.
   */
  public static JFreeChart breakEven(JsonNode recommendation) {
    double volume = recommendation.path("monthly_tokens").asDouble(
        recommendation.path("break_even").path("workload_monthly_tokens").asDouble(0));
    double inShare = recommendation.path("input_token_share").asDouble(0.8);
    double maxTokens = Math.max(volume * 4, 1e9);
    XYSeriesCollection data = new XYSeriesCollection();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (JsonNode o : recommendation.path("options")) {
      String kind = o.path("operating_model").asText();
      String label = optionLabel(o);
      if (seen.size() >= 8 || seen.containsKey(label)) {
        continue;
      }
      XYSeries s = new XYSeries(label);
      if (kind.equals("hosted-api")) {
        double usdPerToken = (inShare * o.path("usd_per_million_input_tokens").asDouble()
            + (1 - inShare) * o.path("usd_per_million_output_tokens").asDouble()) / 1e6;
        s.add(0, 0);
        s.add(maxTokens, usdPerToken * maxTokens);
      } else {
        int replicas = Math.max(1, o.path("replicas").asInt(1));
        double perReplica = o.path("usd_per_month").asDouble() / replicas;
        double perReplicaTokens = o.path("capacity_tokens_per_s").asDouble() * 3600 * 730;
        if (perReplica <= 0 || perReplicaTokens <= 0) {
          continue;
        }
        for (int k = 1; (k - 1) * perReplicaTokens < maxTokens && k < 400; k++) {
          s.add((k - 1) * perReplicaTokens, k * perReplica);
          s.add(Math.min(k * perReplicaTokens, maxTokens), k * perReplica);
        }
      }
      seen.put(label, seen.size());
      data.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createXYLineChart("Break-even: monthly cost against volume",
        "Tokens per month", "USD per month", data, PlotOrientation.VERTICAL, true, true, false);
    if (volume > 0) {
      chart.getXYPlot().addDomainMarker(marker(volume, "this workload", CAPACITY));
    }
    double be = recommendation.path("break_even").path("monthly_tokens").asDouble(0);
    if (be > 0 && be < maxTokens) {
      chart.getXYPlot().addDomainMarker(marker(be, "break-even", SLO));
    }
    return style(chart);
  }

  /** Options' monthly cost against their p95 TTFT, the Pareto frontier drawn as a line. */
  public static JFreeChart pareto(JsonNode recommendation) {
    XYSeries all = new XYSeries("options");
    XYSeries frontier = new XYSeries("Pareto frontier");
    for (JsonNode o : recommendation.path("options")) {
      if (o.hasNonNull("p95_ttft_ms") && o.path("usd_per_month").asDouble() > 0) {
        all.addOrUpdate(o.path("p95_ttft_ms").asDouble(), o.path("usd_per_month").asDouble());
      }
    }
    JsonNode front = recommendation.path("pareto");
    if (front.isArray() && !front.isEmpty()) {
      for (JsonNode o : front) {
        frontier.addOrUpdate(o.path("p95_ttft_ms").asDouble(), o.path("usd_per_month").asDouble());
      }
    } else {
      double best = Double.MAX_VALUE;
      for (int i = 0; i < all.getItemCount(); i++) {
        double cost = all.getY(i).doubleValue();
        if (cost < best) {
          best = cost;
          frontier.add(all.getX(i), all.getY(i));
        }
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(all);
    data.addSeries(frontier);
    JFreeChart chart = ChartFactory.createScatterPlot("Cost against latency",
        "p95 time to first token (ms)", "USD per month", data, PlotOrientation.VERTICAL, true,
        true, false);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
    r.setSeriesLinesVisible(0, false);
    r.setSeriesLinesVisible(1, true);
    chart.getXYPlot().setRenderer(r);
    double slo = recommendation.path("slo").path("ttft_ms").asDouble(0);
    if (slo > 0) {
      chart.getXYPlot().addDomainMarker(marker(slo, "TTFT SLO", SLO));
    }
    return style(chart);
  }

  // ---- helpers ------------------------------------------------------------------------------

  static String optionLabel(JsonNode o) {
    String kind = o.path("operating_model").asText();
    if (kind.equals("hosted-api")) {
      return o.path("provider").asText(o.path("api").asText(o.path("hardware").asText("api")))
          + " " + o.path("model").asText();
    }
    return kind + ": " + o.path("gpus").asInt(1) + "× " + o.path("hardware").asText() + " "
        + o.path("model").asText();
  }

  static double[] perRequest(JsonNode result, String field) {
    JsonNode reqs = result.path("requests");
    double[] out = new double[reqs.size()];
    int n = 0;
    for (JsonNode r : reqs) {
      if (r.has(field)) {
        out[n++] = r.path(field).asDouble();
      }
    }
    return Arrays.copyOf(out, n);
  }

  static double sloMs(JsonNode result, String metric) {
    JsonNode slo = result.path("spec").path("slo");
    return switch (metric) {
      case "ttft" -> slo.path("ttft_ms").asDouble(0);
      case "tpot" -> slo.path("tpot_ms").asDouble(0);
      default -> 0;
    };
  }

  static double[] doubles(JsonNode arr) {
    double[] out = new double[arr.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = arr.get(i).asDouble();
    }
    return out;
  }

  private static ValueMarker marker(double value, String label, Color color) {
    ValueMarker m = new ValueMarker(value, color, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
        BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    m.setLabel(label);
    m.setLabelPaint(color);
    m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
    return m;
  }

  private static JFreeChart style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    if (chart.getTitle() != null) {
      chart.getTitle().setFont(TITLE);
    }
    if (chart.getPlot() instanceof XYPlot p) {
      p.setBackgroundPaint(new Color(0xFAFAFA));
      p.setDomainGridlinePaint(new Color(0xDDDDDD));
      p.setRangeGridlinePaint(new Color(0xDDDDDD));
    }
    return chart;
  }

  static String fmt(double v) {
    return v >= 100 ? String.format("%.0f", v) : String.format("%.3g", v);
  }
}
