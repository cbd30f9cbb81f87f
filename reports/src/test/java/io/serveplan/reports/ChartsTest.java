package io.serveplan.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serveplan.hardware.document.JsonCodec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

/** Every chart type renders from a real result into a non-trivial image; the report reads as a decision. */
class ChartsTest {

  /** A fixture read as the web layer reads a stored result: kind by keys, bound once, spec kept as text. */
  static ResultDocument load(String name) {
    try (InputStream in = ChartsTest.class.getResourceAsStream("/" + name)) {
      Map<String, Object> top = JsonCodec.readObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      ResultDocument doc = JsonCodec.convert(top, ResultDocument.kindOf(top.keySet()).type(), JsonCodec.Keys.SNAKE_CASE);
      return top.containsKey("spec") ? doc.withSpecText(JsonCodec.write(top.get("spec"), JsonCodec.Keys.SNAKE_CASE)) : doc;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static SimulationDocument simulation() {
    return (SimulationDocument) load("simulation-result.json");
  }

  static RecommendationDocument recommendation() {
    return (RecommendationDocument) load("recommendation-result.json");
  }

  static CapacityDocument capacity(String name) {
    return (CapacityDocument) load(name);
  }

  static Stream<Arguments> charts() {
    SimulationDocument sim = simulation();
    RecommendationDocument rec = recommendation();
    return Stream.of(
        Arguments.of("throughput", CapacityCharts.throughputCurve(capacity("sweep-result.json"))),
        Arguments.of("throughput of a real sweep", CapacityCharts.throughputCurve(capacity("sweep-rate-result.json"))),
        Arguments.of("ttft cdf", SimulationCharts.latencyCdf(sim, SimulationCharts.Latency.TTFT)),
        Arguments.of("tpot cdf", SimulationCharts.latencyCdf(sim, SimulationCharts.Latency.TPOT)),
        Arguments.of("e2el cdf", SimulationCharts.latencyCdf(sim, SimulationCharts.Latency.E2EL)),
        Arguments.of("time series", SimulationCharts.timeSeries(sim)),
        Arguments.of("capacity", CapacityCharts.latencyCurve(capacity("capacity-result.json"))),
        Arguments.of("cost per million", CostCharts.costPerMillionTokens(rec)),
        Arguments.of("break-even", CostCharts.breakEven(rec)),
        Arguments.of("pareto", CostCharts.pareto(rec)));
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("charts")
  void axesPrintPlainNumbersNotScientificNotation(String name, JFreeChart chart) {
    String svg = ChartImages.svg(chart);
    assertThat(svg).as("tick labels of %s", name).doesNotContainPattern(">-?\\d(\\.\\d+)?E-?\\d+<");
  }

  @Test
  void theTypedMetricsAreEveryResultKeyOfARealSimulation() {
    SimulationDocument sim = simulation();
    assertThat(sim.metrics().metric("completed")).isEqualTo(300);
    assertThat(sim.metrics().value("p95_ttft_ms")).isPresent();
    assertThat(sim.metrics().engine().numGpuBlocks()).isPositive();
    assertThat(sim.spec().model()).isEqualTo("llama-3.1-8b");
    assertThat(sim.spec().slo().ttft()).isEqualTo(500.0);
    assertThat(sim.timeSeries().isEmpty()).isFalse();
  }

  @Test
  void cdfFromPercentilesMarksTheSloInsideTheAxisRange() {
    JFreeChart c = SimulationCharts.latencyCdf(simulation(), SimulationCharts.Latency.TTFT);
    assertThat(c.getXYPlot().getDomainMarkers(Layer.FOREGROUND)).hasSize(1);
    assertThat(c.getXYPlot().getDomainAxis().getUpperBound()).isGreaterThan(500);
    // no per-request records in the result: origin, median, p90, p95, p99
    assertThat(c.getXYPlot().getDataset().getItemCount(0)).isEqualTo(5);
  }

  @Test
  void cdfFromPerRequestLatenciesHasOnePointPerRequest() {
    SimulationDocument sim = simulation();
    SimulationDocument kept = new SimulationDocument(sim.metrics(), sim.spec(), sim.timeSeries(),
        List.of(new SimulationDocument.Latencies(120.0, 20.0, 4000.0),
            new SimulationDocument.Latencies(80.0, 22.0, 4100.0), new SimulationDocument.Latencies(null, 21.0, 3900.0)),
        null);
    XYDataset ttft = SimulationCharts.latencyCdf(kept, SimulationCharts.Latency.TTFT).getXYPlot().getDataset();
    assertThat(ttft.getItemCount(0)).isEqualTo(2);
    assertThat(ttft.getXValue(0, 0)).isEqualTo(80.0);
    assertThat(ttft.getYValue(0, 1)).isEqualTo(1.0);
  }

  @Test
  void unknownLatencyMetricIsRejectedWithTheAllowedValues() {
    assertThatThrownBy(() -> SimulationCharts.Latency.of("ttlt")).hasMessageContaining("allowed: ttft, tpot, e2el");
  }

  @Test
  void htmlReportOfASimulationOpensFromDiskWithItsChartsUnitsAndVerdict(@TempDir Path dir) throws IOException {
    Path index = HtmlReport.write(simulation(), dir);
    String html = Files.readString(index);
    assertThat(html).contains("<h1>ServePlan simulation report</h1>", "p95_ttft_ms",
        "src=\"ttft_cdf.png\"", "src=\"time_series.png\"", "llama-3.1-8b", "<td>requests/s</td>", "<td>ms</td>",
        "<td>tokens/s</td>", "<td>s</td>", "<b>SLO met</b>: 100.0% of requests within TTFT ≤ 500 ms and TPOT ≤ 50 ms",
        "<h2>Spec</h2>", "&quot;workload&quot;");
    assertThat(dir.resolve("time_series.png")).isNotEmptyFile();
    assertThat(html).doesNotContain("http://", "https://");
  }

  @Test
  void aSimulationBelowTheAttainmentIsMissed() {
    SimulationDocument sim = simulation();
    SimulationDocument.Spec s = sim.spec();
    SimulationDocument.Spec tight = new SimulationDocument.Spec(s.model(), s.hardware(), s.tensorParallel(),
        s.replicas(), s.engine(), new Slo(500.0, 50.0, null, 1.01));
    String verdict = HtmlReport.verdict(new SimulationDocument(sim.metrics(), tight, sim.timeSeries(), sim.requests(),
        null));
    assertThat(verdict).contains("class=\"missed\"", "<b>SLO missed</b>", "(target 101.0%)");
  }

  @Test
  void htmlReportOfARecommendationListsOptionsAndSaysTheBreakEvenInWords(@TempDir Path dir) throws IOException {
    String html = Files.readString(HtmlReport.write(recommendation(), dir));
    assertThat(html).contains("Options, cheapest first", "DeepInfra", "src=\"break_even.png\"",
        "src=\"pareto.png\"", "bandwidth-bound decode",
        "Above 58.9 billion tokens a month, #2 self-hosted llama-3.1-8b on 2× h100-sxm",
        "costs less than deepinfra-llama-3.1-8b-instruct. This workload is 63.1 billion tokens a month, above it"
            + " (the break-even counts the smallest fleet running all month at steady load;");
    assertThat(html).doesNotContain("self_hosted_floor_usd_per_month");
    assertThat(HtmlReport.escape("<b>&\"")).isEqualTo("&lt;b&gt;&amp;&quot;");
  }

  @Test
  void aDocumentThatIsNoResultIsRejected() {
    assertThatThrownBy(() -> ResultDocument.kindOf(Set.of("model", "hardware")))
        .hasMessageContaining("not a ServePlan result");
  }

  @Test
  void aSimulationMissingAMetricIsRefusedNamingIt() {
    Map<String, Object> top = JsonCodec.readObject("{\"metrics\": {\"completed\": 3, \"duration\": 1.0}}");
    assertThatThrownBy(() -> JsonCodec.convert(top, SimulationDocument.class, JsonCodec.Keys.SNAKE_CASE))
        .hasMessageContaining("request_throughput: missing")
        .hasMessageContaining("num_gpu_blocks: missing");
  }

  @Test
  void throughputCurveDrawsOnlyMeasuredRatesAndMarksTheKneeCapacityAndServiceRate() {
    JFreeChart c = CapacityCharts.throughputCurve(capacity("sweep-result.json"));
    XYDataset data = c.getXYPlot().getDataset();
    assertThat(data.getSeriesCount()).isEqualTo(3);
    assertThat(data.getSeriesKey(0)).isEqualTo("Achieved throughput");
    // the 36 req/s point was failed without simulation (requests 0): it has no measured throughput
    assertThat(data.getItemCount(0)).isEqualTo(5);
    assertThat(data.getXValue(0, 4)).isEqualTo(30.0);
    assertThat(data.getYValue(0, 4)).isEqualTo(28.7);
    assertThat(data.getYValue(1, 4)).as("goodput at 30 req/s").isEqualTo(11.8);
    assertThat(data.getItemCount(2)).as("offered rate, every point").isEqualTo(6);
    assertThat(c.getXYPlot().getDomainMarkers(Layer.FOREGROUND))
        .extracting(m -> ((ValueMarker) m).getValue()).containsExactlyInAnyOrder(24.0, 27.5);
    assertThat(c.getXYPlot().getRangeMarkers(Layer.FOREGROUND))
        .extracting(m -> ((ValueMarker) m).getValue()).containsExactly(33.0);
    assertThat(c.getXYPlot().getRangeAxis().getLabel()).isEqualTo("Throughput (requests/s)");
  }

  @Test
  void aSweepsReportHasTheThroughputChartAndACapacitySearchsDoesNot() {
    assertThat(HtmlReport.charts(load("sweep-result.json"))).containsKeys("capacity", "throughput");
    assertThat(HtmlReport.charts(load("sweep-rate-result.json"))).containsKeys("capacity", "throughput");
    assertThat(HtmlReport.charts(load("capacity-result.json"))).containsOnlyKeys("capacity");
    assertThat(HtmlReport.chartPng(load("sweep-result.json"), "throughput")).isNotEmpty();
    assertThatThrownBy(() -> HtmlReport.chartPng(load("capacity-result.json"), "throughput"))
        .hasMessageContaining("allowed: capacity");
  }

  @Test
  void theBreakEvenAxisCountsTokensCompactly() {
    NumberAxis x = (NumberAxis) CostCharts.breakEven(recommendation()).getXYPlot().getDomainAxis();
    assertThat(x.getNumberFormatOverride().format(63_072_000_000.0)).isEqualTo("63.1B");
  }

  @Test
  void aComparisonDrawsEachRunInItsColourAndRefusesASingleRun() {
    SimulationDocument sim = simulation();
    JFreeChart c = CompareCharts.latencyCdf(List.of(new CompareCharts.Run("A one", sim), new CompareCharts.Run("B two", sim)),
        SimulationCharts.Latency.TPOT);
    assertThat(c.getXYPlot().getDataset().getSeriesCount()).isEqualTo(2);
    assertThat(c.getXYPlot().getRenderer().getSeriesPaint(1)).isEqualTo(CompareCharts.PALETTE.get(1));
    assertThat(c.getXYPlot().getDomainMarkers(Layer.FOREGROUND)).hasSize(2);
    assertThat(ChartImages.png(c).length).isGreaterThan(8_000);
    assertThat(CompareCharts.css(0)).isEqualTo("#1f4e79");
    assertThatThrownBy(() -> CompareCharts.latencyCdf(List.of(new CompareCharts.Run("A", sim)),
        SimulationCharts.Latency.TTFT)).hasMessageContaining("runs: compare 2 to 3 runs, got 1");
  }
}
