package io.serveplan.reports;

import java.awt.Font;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The charts of a recommendation: cost per million tokens, break-even against volume, cost against latency. */
public final class CostCharts {

  /** Options drawn in the bar chart, cheapest first. */
  static final int BARS = 15;
  /** Options drawn in the break-even chart. */
  static final int LINES = 8;
  private static final double HOURS_PER_MONTH = 730;

  private CostCharts() {}

  /** Cost per million input and output tokens of each option (GPU options and hosted APIs side by side), cheapest first. */
  public static JFreeChart costPerMillionTokens(RecommendationDocument recommendation) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (RecommendationDocument.Option o : recommendation.options().subList(0,
        Math.min(BARS, recommendation.options().size()))) {
      data.addValue(orZero(o.usdPerMillionInputTokens()), "input", o.label());
      data.addValue(orZero(o.usdPerMillionOutputTokens()), "output", o.label());
    }
    JFreeChart chart = ChartFactory.createBarChart("Cost per million tokens", "Option", "USD per million tokens",
        data, PlotOrientation.VERTICAL, true, true, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
    plot.getDomainAxis().setMaximumCategoryLabelLines(2);
    return ChartStyle.style(chart);
  }

  /**
   * Monthly cost against monthly token volume: each API's bill grows linearly with tokens; a
   * self-hosted option costs its monthly bill per replica and adds a replica for each replica's
   * worth of tokens (capacity_tokens_per_s per replica, running the whole month). The workload's
   * volume and the break-even are marked.
   */
  public static JFreeChart breakEven(RecommendationDocument recommendation) {
    double volume = recommendation.workloadMonthlyTokens();
    double inShare = recommendation.inputShare();
    double maxTokens = Math.max(volume * 4, 1e9);
    XYSeriesCollection data = new XYSeriesCollection();
    Set<String> seen = new LinkedHashSet<>();
    for (RecommendationDocument.Option o : recommendation.options()) {
      String label = o.label();
      if (seen.size() >= LINES || seen.contains(label)) {
        continue;
      }
      XYSeries s = new XYSeries(label);
      if (o.hostedApi()) {
        double usdPerToken = (inShare * orZero(o.usdPerMillionInputTokens())
            + (1 - inShare) * orZero(o.usdPerMillionOutputTokens())) / 1e6;
        s.add(0, 0);
        s.add(maxTokens, usdPerToken * maxTokens);
      } else {
        int replicas = Math.max(1, o.replicas() == null ? 1 : o.replicas());
        double perReplica = orZero(o.usdPerMonth()) / replicas;
        double perReplicaTokens = orZero(o.capacityTokensPerS()) * 3600 * HOURS_PER_MONTH;
        if (perReplica <= 0 || perReplicaTokens <= 0) {
          continue;
        }
        for (int k = 1; (k - 1) * perReplicaTokens < maxTokens && k < 400; k++) {
          s.add((k - 1) * perReplicaTokens, k * perReplica);
          s.add(Math.min(k * perReplicaTokens, maxTokens), k * perReplica);
        }
      }
      seen.add(label);
      data.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createXYLineChart("Break-even: monthly cost against volume",
        "Tokens per month", "USD per month", data, PlotOrientation.VERTICAL, true, true, false);
    XYPlot plot = chart.getXYPlot();
    ((NumberAxis) plot.getDomainAxis()).setNumberFormatOverride(ChartStyle.compact());
    if (volume > 0) {
      plot.addDomainMarker(ChartStyle.marker(volume, "this workload", ChartStyle.CAPACITY));
    }
    RecommendationDocument.BreakEven be = recommendation.breakEven();
    if (be != null && be.monthlyTokens() != null && be.monthlyTokens() > 0 && be.monthlyTokens() < maxTokens) {
      plot.addDomainMarker(ChartStyle.lowMarker(be.monthlyTokens(), "break-even", ChartStyle.SLO));
    }
    return ChartStyle.style(chart);
  }

  /** Options' monthly cost against their p95 TTFT, the Pareto frontier drawn as a line. */
  public static JFreeChart pareto(RecommendationDocument recommendation) {
    XYSeries all = new XYSeries("options");
    XYSeries frontier = new XYSeries("Pareto frontier");
    for (RecommendationDocument.Option o : recommendation.options()) {
      if (o.p95TtftMs() != null && orZero(o.usdPerMonth()) > 0) {
        all.addOrUpdate(o.p95TtftMs(), o.usdPerMonth());
      }
    }
    if (!recommendation.pareto().isEmpty()) {
      for (RecommendationDocument.ParetoPoint p : recommendation.pareto()) {
        if (p.p95TtftMs() != null && p.usdPerMonth() != null) {
          frontier.addOrUpdate(p.p95TtftMs(), p.usdPerMonth());
        }
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
    JFreeChart chart = ChartFactory.createScatterPlot("Cost against latency", "p95 time to first token (ms)",
        "USD per month", data, PlotOrientation.VERTICAL, true, true, false);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
    r.setSeriesLinesVisible(0, false);
    r.setSeriesLinesVisible(1, true);
    chart.getXYPlot().setRenderer(r);
    if (recommendation.slo().ttft() > 0) {
      chart.getXYPlot().addDomainMarker(ChartStyle.marker(recommendation.slo().ttft(), "TTFT SLO", ChartStyle.SLO));
    }
    return ChartStyle.style(chart);
  }

  private static double orZero(Double v) {
    return v == null ? 0 : v;
  }
}
