package io.serveplan.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The charts of a capacity curve: latency against load, and throughput against offered rate. */
public final class CapacityCharts {

  private CapacityCharts() {}

  /** p95 TTFT and p95 TPOT against request rate, with the SLO lines and the capacity found. */
  public static JFreeChart latencyCurve(CapacityDocument capacity) {
    XYSeries ttft = new XYSeries("p95 TTFT (ms)");
    XYSeries tpot = new XYSeries("p95 TPOT (ms)");
    for (CapacityDocument.Point p : capacity.curve()) {
      // rates failed without simulation (above the service rate) have no latencies
      if (p.p95TtftMs() != null) {
        ttft.addOrUpdate(p.rps(), p.p95TtftMs().doubleValue());
        tpot.addOrUpdate(p.rps(), p.p95TpotMs() == null ? Double.NaN : p.p95TpotMs());
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(ttft);
    data.addSeries(tpot);
    JFreeChart chart = ChartFactory.createXYLineChart("Latency against load", "Request rate (requests/s)",
        "Latency (ms, log scale)", data, PlotOrientation.VERTICAL, true, true, false);
    XYPlot plot = chart.getXYPlot();
    LogAxis log = new LogAxis("Latency (ms, log scale)");
    log.setSmallestValue(0.1);
    log.setNumberFormatOverride(ChartStyle.plain());
    plot.setRangeAxis(log);
    plot.setRenderer(new XYLineAndShapeRenderer(true, true));
    Slo slo = capacity.slo();
    if (slo.ttft() > 0) {
      plot.addRangeMarker(ChartStyle.marker(slo.ttft(), "TTFT SLO", ChartStyle.SLO));
    }
    if (slo.tpot() > 0) {
      plot.addRangeMarker(ChartStyle.marker(slo.tpot(), "TPOT SLO", ChartStyle.SLO.darker()));
    }
    capacityAndKnee(plot, capacity, "capacity");
    return ChartStyle.style(chart);
  }

  /**
   * Achieved throughput and goodput against offered rate, beside the offered rate itself (what a
   * replica that keeps up would achieve), with the service rate, the knee and the SLO capacity
   * marked. Rates failed without a simulation are left out: they were never measured.
   */
  public static JFreeChart throughputCurve(CapacityDocument sweep) {
    XYSeries achieved = new XYSeries("Achieved throughput");
    XYSeries goodput = new XYSeries("Goodput (within the SLO)");
    XYSeries offered = new XYSeries("Offered rate");
    for (CapacityDocument.Point p : sweep.curve()) {
      offered.addOrUpdate(p.rps(), p.rps());
      boolean simulated = (p.requests() == null || p.requests() > 0) && p.achievedRps() != null;
      if (simulated) {
        achieved.addOrUpdate(p.rps(), p.achievedRps().doubleValue());
        if (p.goodputRps() != null) {
          goodput.addOrUpdate(p.rps(), p.goodputRps().doubleValue());
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
    r.setSeriesPaint(0, ChartStyle.PRIMARY);
    r.setSeriesStroke(0, new BasicStroke(2f));
    r.setSeriesPaint(1, ChartStyle.CAPACITY);
    r.setSeriesStroke(1, new BasicStroke(2f));
    r.setSeriesPaint(2, new Color(0x999999));
    r.setSeriesStroke(2, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f},
        0f));
    r.setSeriesShapesVisible(2, false);
    plot.setRenderer(r);
    ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(true);
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
    if (sweep.serviceRps() != null && sweep.serviceRps() > 0) {
      ValueMarker mu = ChartStyle.marker(sweep.serviceRps(),
          "service rate " + ChartStyle.fmt(sweep.serviceRps()) + " req/s", ChartStyle.SECONDARY);
      mu.setLabelAnchor(RectangleAnchor.BOTTOM_LEFT);
      mu.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      plot.addRangeMarker(mu);
    }
    capacityAndKnee(plot, sweep, "SLO capacity");
    return ChartStyle.style(chart);
  }

  /** The capacity (labelled {@code capacityLabel}) and the knee as rate markers, where set. */
  private static void capacityAndKnee(XYPlot plot, CapacityDocument doc, String capacityLabel) {
    if (doc.maxRps() != null && doc.maxRps() > 0) {
      plot.addDomainMarker(ChartStyle.marker(doc.maxRps(),
          capacityLabel + " " + ChartStyle.fmt(doc.maxRps()) + " req/s", ChartStyle.CAPACITY));
    }
    if (doc.kneeRps() != null && doc.kneeRps() > 0) {
      // below the capacity label: the two are often close
      plot.addDomainMarker(ChartStyle.lowMarker(doc.kneeRps(), "knee " + ChartStyle.fmt(doc.kneeRps()) + " req/s",
          ChartStyle.SLO.darker()));
    }
  }
}
