package io.serveplan.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

/** Every chart type renders from a known result into a non-trivial image. */
class ChartsTest {

  static JsonNode load(String name) {
    try (InputStream in = ChartsTest.class.getResourceAsStream("/" + name)) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> charts() {
    JsonNode sim = load("simulation-result.json");
    JsonNode rec = load("recommendation-result.json");
    JsonNode cap = load("capacity-result.json");
    JsonNode sweep = load("sweep-result.json");
    return Stream.of(
        Arguments.of("throughput", Charts.throughputCurve(sweep)),
        Arguments.of("ttft cdf", Charts.latencyCdf(sim, "ttft")),
        Arguments.of("tpot cdf", Charts.latencyCdf(sim, "tpot")),
        Arguments.of("e2el cdf", Charts.latencyCdf(sim, "e2el")),
        Arguments.of("time series", Charts.timeSeries(sim)),
        Arguments.of("capacity", Charts.capacityCurve(cap)),
        Arguments.of("cost per million", Charts.costPerMillionTokens(rec)),
        Arguments.of("break-even", Charts.breakEven(rec)),
        Arguments.of("pareto", Charts.pareto(rec)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("charts")
  void rendersANonTrivialPng(String name, JFreeChart chart) throws IOException {
    byte[] png = ChartImages.png(chart);
    assertThat(png.length).as("PNG bytes of %s", name).isGreaterThan(8_000);
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(img.getWidth()).isEqualTo(ChartImages.WIDTH);
    int background = img.getRGB(2, 2);
    long differing = 0;
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        if (img.getRGB(x, y) != background) {
          differing++;
        }
      }
    }
    // A chart with axes, labels and data differs from its background in thousands of pixels.
    assertThat(differing).as("non-blank pixels of %s", name).isGreaterThan(3_000);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("charts")
  void rendersAnSvgThatParses(String name, JFreeChart chart) throws Exception {
    String svg = ChartImages.svg(chart);
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    // The SVG names the W3C DTD; parsing must not reach the network.
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document doc = f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(doc.getElementsByTagName("text").getLength() + doc.getElementsByTagName("path").getLength())
        .as("drawn elements of %s", name).isGreaterThan(10);
  }

  @Test
  void cdfMarksTheSloInsideTheAxisRange() {
    JFreeChart c = Charts.latencyCdf(load("simulation-result.json"), "ttft");
    assertThat(c.getXYPlot().getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND)).hasSize(1);
    assertThat(c.getXYPlot().getDomainAxis().getUpperBound()).isGreaterThan(500);
  }

  @Test
  void unknownLatencyMetricIsRejectedWithTheAllowedValues() {
    assertThatThrownBy(() -> Charts.latencyCdf(load("simulation-result.json"), "ttlt"))
        .hasMessageContaining("allowed: ttft, tpot, e2el");
  }

  @Test
  void htmlReportOfASimulationOpensFromDiskWithItsCharts(@TempDir Path dir) throws IOException {
    Path index = HtmlReport.write(load("simulation-result.json"), dir);
    String html = Files.readString(index);
    assertThat(html).contains("<h1>ServePlan simulation report</h1>", "p95_ttft_ms",
        "src=\"ttft_cdf.png\"", "src=\"time_series.png\"", "llama-3.1-8b");
    assertThat(dir.resolve("time_series.png")).isNotEmptyFile();
    assertThat(html).doesNotContain("http://", "https://");
  }

  @Test
  void htmlReportOfARecommendationListsOptionsAndEscapesText(@TempDir Path dir) throws IOException {
    String html = Files.readString(HtmlReport.write(load("recommendation-result.json"), dir));
    assertThat(html).contains("Options, cheapest first", "DeepInfra", "src=\"break_even.png\"",
        "src=\"pareto.png\"", "bandwidth-bound decode");
    assertThat(HtmlReport.escape("<b>&\"")).isEqualTo("&lt;b&gt;&amp;&quot;");
  }

  @Test
  void aDocumentThatIsNoResultIsRejected() {
    assertThatThrownBy(() -> HtmlReport.kindOf(new ObjectMapper().createObjectNode()))
        .hasMessageContaining("not a ServePlan result");
  }

  @Test
  void throughputCurveDrawsOnlyMeasuredRatesAndMarksTheKneeCapacityAndServiceRate() {
    JsonNode sweep = load("sweep-result.json");
    JFreeChart c = Charts.throughputCurve(sweep);
    org.jfree.data.xy.XYDataset data = c.getXYPlot().getDataset();
    assertThat(data.getSeriesCount()).isEqualTo(3);
    assertThat(data.getSeriesKey(0)).isEqualTo("Achieved throughput");
    // the 36 req/s point was failed without simulation (requests 0): it has no measured throughput
    assertThat(data.getItemCount(0)).isEqualTo(5);
    assertThat(data.getXValue(0, 4)).isEqualTo(30.0);
    assertThat(data.getYValue(0, 4)).isEqualTo(28.7);
    assertThat(data.getYValue(1, 4)).as("goodput at 30 req/s").isEqualTo(11.8);
    assertThat(data.getItemCount(2)).as("offered rate, every point").isEqualTo(6);
    assertThat(c.getXYPlot().getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND))
        .extracting(m -> ((org.jfree.chart.plot.ValueMarker) m).getValue()).containsExactlyInAnyOrder(24.0, 27.5);
    assertThat(c.getXYPlot().getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND))
        .extracting(m -> ((org.jfree.chart.plot.ValueMarker) m).getValue()).containsExactly(33.0);
    assertThat(c.getXYPlot().getRangeAxis().getLabel()).isEqualTo("Throughput (requests/s)");
  }

  @Test
  void aSweepsReportHasTheThroughputChartAndACapacitySearchsDoesNot() {
    assertThat(HtmlReport.charts(load("sweep-result.json"))).containsKeys("capacity", "throughput");
    assertThat(HtmlReport.charts(load("capacity-result.json"))).containsOnlyKeys("capacity");
    assertThat(HtmlReport.chartPng(load("sweep-result.json"), "throughput")).isNotEmpty();
  }
}
