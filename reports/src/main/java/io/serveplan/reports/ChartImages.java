package io.serveplan.reports;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/** Renders charts to PNG bytes or an SVG document. Headless. */
public final class ChartImages {

  public static final int WIDTH = 800;
  public static final int HEIGHT = 450;

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private ChartImages() {}

  public static byte[] png(JFreeChart chart) {
    return png(chart, WIDTH, HEIGHT);
  }

  public static byte[] png(JFreeChart chart, int width, int height) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render chart '" + title(chart) + "' as PNG", e);
    }
  }

  public static String svg(JFreeChart chart) {
    return svg(chart, WIDTH, HEIGHT);
  }

  public static String svg(JFreeChart chart, int width, int height) {
    SVGGraphics2D g2 = new SVGGraphics2D(width, height);
    chart.draw(g2, new Rectangle(0, 0, width, height));
    return g2.getSVGDocument();
  }

  private static String title(JFreeChart chart) {
    return chart.getTitle() == null ? "" : chart.getTitle().getText();
  }
}
