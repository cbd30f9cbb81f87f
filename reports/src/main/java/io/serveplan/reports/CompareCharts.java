package io.serveplan.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Two or three simulations in one chart, each in its run colour ({@link #PALETTE}: the same colours
 * the UI's compare table uses), so that a run keeps its colour in every chart.
 */
public final class CompareCharts {

  /** The run colours, in order: run A, B, C (the UI's style sheet names the same, as --run-a..c). */
  public static final List<Color> PALETTE = List.of(new Color(0x1F4E79), new Color(0xD35400), new Color(0x1E8449));

  /** How many runs a comparison holds at most. */
  public static final int MAX_RUNS = 3;

  private CompareCharts() {}

  /** A run in a comparison: its label (A, B, C and its id) and its result. */
  public record Run(String label, SimulationDocument result) {}

  /**
   * The CDFs of one latency of every run, with each run's SLO target for that latency marked where
   * set (in the run's colour).
   *
   * @throws IllegalArgumentException for fewer than two or more than {@value #MAX_RUNS} runs
   */
  public static JFreeChart latencyCdf(List<Run> runs, SimulationCharts.Latency metric) {
    if (runs.size() < 2 || runs.size() > MAX_RUNS) {
      throw new IllegalArgumentException("runs: compare 2 to " + MAX_RUNS + " runs, got " + runs.size());
    }
    XYSeriesCollection data = new XYSeriesCollection();
    double maxX = 0;
    for (Run run : runs) {
      XYSeries s = new XYSeries(run.label());
      double[] values = SimulationCharts.perRequest(run.result(), metric);
      if (values.length > 0) {
        Arrays.sort(values);
        for (int i = 0; i < values.length; i++) {
          s.add(values[i], (i + 1.0) / values.length);
        }
      } else {
        SimulationCharts.percentilePoints(run.result(), metric, s);
      }
      maxX = Math.max(maxX, s.getMaxX());
      data.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(metric.label() + " (CDF)", metric.label() + " (ms)",
        "Fraction of requests", data, PlotOrientation.VERTICAL, true, true, false);
    XYPlot plot = chart.getXYPlot();
    ((NumberAxis) plot.getRangeAxis()).setRange(0.0, 1.0);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < runs.size(); i++) {
      r.setSeriesPaint(i, PALETTE.get(i));
      r.setSeriesStroke(i, new BasicStroke(2f));
      double target = SimulationCharts.target(runs.get(i).result(), metric);
      if (target > 0) {
        plot.addDomainMarker(ChartStyle.marker(target, "SLO " + runs.get(i).label().charAt(0), PALETTE.get(i)));
        maxX = Math.max(maxX, target);
      }
    }
    plot.setRenderer(r);
    ((NumberAxis) plot.getDomainAxis()).setRange(0.0, Math.max(1e-9, maxX) * 1.08);
    return ChartStyle.style(chart);
  }

  /** The colour of the {@code i}-th run as CSS hex ({@code #1f4e79}). */
  public static String css(int i) {
    Color c = PALETTE.get(i);
    return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
  }
}
