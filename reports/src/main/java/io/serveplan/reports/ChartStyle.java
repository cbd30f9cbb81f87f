package io.serveplan.reports;

import java.awt.BasicStroke;
import java.math.BigDecimal;
import java.math.MathContext;
import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;

/**
 * The look every report chart shares: white background, light grid, a bold title, dashed labelled
 * markers, and axes that print plain grouped numbers ({@code 12,500}) or compact ones
 * ({@code 63B}) instead of JFreeChart's scientific notation.
 */
final class ChartStyle {

  static final Color SLO = new Color(0xC0392B);
  static final Color CAPACITY = new Color(0x1E8449);
  static final Color PRIMARY = new Color(0x1F4E79);
  static final Color SECONDARY = new Color(0x7D3C98);
  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

  private ChartStyle() {}

  /** Plain grouped numbers with up to three decimals. */
  static NumberFormat plain() {
    return new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.US));
  }

  /** Short numbers for volumes: 1.5K, 63B. */
  static NumberFormat compact() {
    NumberFormat f = NumberFormat.getCompactNumberInstance(Locale.US, NumberFormat.Style.SHORT);
    f.setMaximumFractionDigits(1);
    return f;
  }

  static ValueMarker marker(double value, String label, Color color) {
    ValueMarker m = new ValueMarker(value, color, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
        BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    m.setLabel(label);
    m.setLabelPaint(color);
    m.setLabelFont(LABEL);
    m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
    return m;
  }

  /** A marker whose label sits at the bottom, for a second marker close to a first. */
  static ValueMarker lowMarker(double value, String label, Color color) {
    ValueMarker m = marker(value, label, color);
    m.setLabelAnchor(RectangleAnchor.BOTTOM_LEFT);
    m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    return m;
  }

  static JFreeChart style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    if (chart.getTitle() != null) {
      chart.getTitle().setFont(TITLE);
    }
    if (chart.getPlot() instanceof CombinedDomainXYPlot c) {
      plainAxis(c.getDomainAxis());
      for (XYPlot sub : c.getSubplots()) {
        grid(sub);
        plainAxis(sub.getRangeAxis());
      }
    } else if (chart.getPlot() instanceof XYPlot p) {
      grid(p);
      plainAxis(p.getDomainAxis());
      plainAxis(p.getRangeAxis());
    } else if (chart.getPlot() instanceof CategoryPlot p) {
      p.setBackgroundPaint(new Color(0xFAFAFA));
      p.setRangeGridlinePaint(new Color(0xDDDDDD));
      plainAxis(p.getRangeAxis());
    }
    return chart;
  }

  private static void grid(XYPlot p) {
    p.setBackgroundPaint(new Color(0xFAFAFA));
    p.setDomainGridlinePaint(new Color(0xDDDDDD));
    p.setRangeGridlinePaint(new Color(0xDDDDDD));
  }

  /** Plain numbers on a linear axis that has no format of its own yet. */
  private static void plainAxis(ValueAxis axis) {
    if (axis instanceof NumberAxis n && n.getNumberFormatOverride() == null) {
      n.setNumberFormatOverride(plain());
    }
  }

  /** A number for a label: integers from 100 up, at most three significant digits below (0.25, 12.5, 50). */
  static String fmt(double v) {
    if (v >= 100 || !Double.isFinite(v)) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }
}
