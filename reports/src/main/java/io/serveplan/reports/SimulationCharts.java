package io.serveplan.reports;

import io.serveplan.simulator.result.LatencyStats;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Arrays;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The charts of a simulation: latency CDFs with the SLO marked, and cache, batch, queue and throughput over time. */
public final class SimulationCharts {

  private SimulationCharts() {}

  /** The latency families a CDF can be drawn of. */
  public enum Latency {
    TTFT("Time to first token"),
    TPOT("Time per output token"),
    E2EL("End-to-end latency");

    private final String label;

    Latency(String label) {
      this.label = label;
    }

    /** What it is, as axes and titles name it. */
    public String label() {
      return label;
    }

    /** {@code ttft}, {@code tpot}, {@code e2el}: vLLM's family names. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The family by its vLLM name. */
    public static Latency of(String id) {
      for (Latency l : values()) {
        if (l.id().equals(id)) {
          return l;
        }
      }
      throw new IllegalArgumentException("metric: unknown '" + id + "'; allowed: "
          + String.join(", ", Arrays.stream(values()).map(Latency::id).toList()));
    }
  }

  /**
   * Empirical CDF of a per-request latency, with the SLO marked. Uses the per-request latencies when
   * the result kept them, else the percentiles it reports (median, p90, p95, p99).
   */
  public static JFreeChart latencyCdf(SimulationDocument result, Latency metric) {
    XYSeries series = new XYSeries(metric.label);
    double[] values = perRequest(result, metric);
    if (values.length > 0) {
      Arrays.sort(values);
      for (int i = 0; i < values.length; i++) {
        series.add(values[i], (i + 1.0) / values.length);
      }
    } else {
      percentilePoints(result, metric, series);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(metric.label + " (CDF)", metric.label + " (ms)",
        "Fraction of requests", new XYSeriesCollection(series), PlotOrientation.VERTICAL, false, true, false);
    chart.addSubtitle(new TextTitle(values.length > 0 ? "each of " + values.length + " requests"
        : "from the median, p90, p95 and p99 only: the run kept no per-request records",
        new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
    XYPlot plot = chart.getXYPlot();
    ((NumberAxis) plot.getRangeAxis()).setRange(0.0, 1.0);
    double target = target(result, metric);
    if (target > 0) {
      plot.addDomainMarker(ChartStyle.marker(target, "SLO " + ChartStyle.fmt(target) + " ms", ChartStyle.SLO));
      NumberAxis x = (NumberAxis) plot.getDomainAxis();
      x.setRange(0.0, Math.max(series.getMaxX(), target) * 1.08);
    }
    plot.getRenderer().setSeriesPaint(0, ChartStyle.PRIMARY);
    plot.getRenderer().setSeriesStroke(0, new BasicStroke(2f));
    return ChartStyle.style(chart);
  }

  /** KV-cache usage, running batch, queue length and output throughput over simulated time. */
  public static JFreeChart timeSeries(SimulationDocument result) {
    SimulationDocument.Series ts = result.timeSeries();
    double[] t = ts.timeS();
    CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("Simulated time (s)"));
    combined.setGap(8);
    combined.add(subplot(t, ts.kvCacheUsage(), 100.0, "KV cache used (%)", ChartStyle.PRIMARY), 1);
    combined.add(subplot(t, ts.running(), 1.0, "Running (requests)", ChartStyle.SECONDARY), 1);
    combined.add(subplot(t, ts.queueLength(), 1.0, "Waiting (requests)", ChartStyle.SLO), 1);
    combined.add(subplot(t, ts.outputTokensPerS(), 1.0, "Output (tokens/s)", ChartStyle.CAPACITY), 1);
    return ChartStyle.style(
        new JFreeChart("Cache, batch, queue and throughput over time", ChartStyle.TITLE, combined, false));
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

  /** A CDF from the reported percentiles: the origin, the median, p90, p95, p99. */
  static void percentilePoints(SimulationDocument result, Latency metric, XYSeries series) {
    LatencyStats s = result.metrics().bench().latency(metric.id());
    series.add(0.0, 0.0);
    series.add(s.medianMs(), 0.50);
    for (double p : LatencyStats.SERVEPLAN_PERCENTILES) {
      s.percentileMs(p).ifPresent(v -> series.add(v, p / 100));
    }
  }

  /** The run's SLO target for a latency, 0 when it has none. */
  static double target(SimulationDocument result, Latency metric) {
    Slo slo = result.spec().slo();
    return switch (metric) {
      case TTFT -> slo.ttft();
      case TPOT -> slo.tpot();
      case E2EL -> slo.e2el();
    };
  }

  static double[] perRequest(SimulationDocument result, Latency metric) {
    double[] out = new double[result.requests().size()];
    int n = 0;
    for (SimulationDocument.Latencies r : result.requests()) {
      Double v = switch (metric) {
        case TTFT -> r.ttftMs();
        case TPOT -> r.tpotMs();
        case E2EL -> r.e2elMs();
      };
      if (v != null) {
        out[n++] = v;
      }
    }
    return Arrays.copyOf(out, n);
  }
}
