package io.serveplan.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.serveplan.web.ApiClient;
import io.serveplan.web.Chromium;
import io.serveplan.web.TestProfiles;
import io.serveplan.web.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The UI in a real browser: Debian's headless Chromium driven through its ChromeDriver (no browser
 * is downloaded) against the real server with a real H2. Screenshots go to
 * {@code web/target/screenshots/}.
 */
class UiBrowserIT {

  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  static TestServer server;
  ChromeDriver driver;

  @BeforeAll
  static void startServer() {
    assumeTrue(Chromium.installed(), Chromium.MISSING);
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void openBrowser() throws IOException {
    driver = Chromium.start();
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterEach
  void closeBrowser(TestInfo info) throws IOException {
    if (driver != null) {
      screenshot(info.getTestMethod().orElseThrow().getName() + "-final");
      driver.quit();
    }
  }

  @Test
  void recommendFormShowsRankedOptionsAndChartImages() throws IOException {
    driver.get(url("/"));
    assertThat(driver.getTitle()).contains("Recommend");
    set("hardware", "h100-sxm, l40s");
    driver.findElement(By.id("submit")).click();
    WebElement table = wait(Duration.ofSeconds(240))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#options-table tbody tr")));
    assertThat(table.getText()).isNotBlank();
    List<WebElement> rows = driver.findElements(By.cssSelector("#options-table tbody tr"));
    assertThat(rows).isNotEmpty();
    assertThat(driver.findElement(By.id("options-table")).getText()).contains("self-hosted");
    // the winner as a sentence: what to run, its monthly cost and cost per million tokens, the runner-up's margin
    assertThat(driver.findElement(By.id("headline")).getText()).startsWith("Run ")
        .contains(" a month, ", " per million tokens.", "The runner-up, ");
    assertThat(driver.findElement(By.id("breakeven")).getText()).doesNotContain("self_hosted", "_usd_");
    waitForImages("#charts img", 3);
    screenshot("recommend");

    driver.findElement(By.cssSelector("#report a.permalink")).click();
    wait(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(By.id("headline")));
    assertThat(driver.getCurrentUrl()).contains("/runs/");
    assertThat(driver.findElement(By.id("title")).getText()).startsWith("Recommendation ");
    waitForImages("#charts img", 3);
    screenshot("run-recommendation");
  }

  @Test
  void aCalibrationProfileTheServerDoesNotStoreIsShownNextToItsFieldWithTheStoredIds() throws IOException {
    String profile = TestProfiles.json("ui-l4-profile", "openai", "l4", "llama-3.2-1b", 0.97, 0.08, 9);
    assertThat(new ApiClient(server.baseUrl()).postJson("api/v1/calibrations", profile).status()).isEqualTo(201);
    driver.get(url("/"));
    set("models", "llama-3.2-1b");
    set("hardware", "l4");
    set("calibrations", "no-such-profile");
    driver.findElement(By.id("submit")).click();
    WebElement error = wait(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(".field-error[data-error-for='calibrations[0].profile']")));
    assertThat(error.getText()).contains("no-such-profile", "ui-l4-profile");

    // (the form searches every engine: the cheapest option per GPU may be another engine's, so the
    // calibrated option itself is checked by RunsApiIT, which restricts the engines to vllm)
    screenshot("recommend-calibration-error");
  }

  @Test
  void whatIfRunShowsMetricsChartsAndComparesTwoRuns() throws IOException {
    driver.get(url("/whatif.html"));
    set("rate", "4");
    set("num_requests", "150");
    driver.findElement(By.id("run")).click();
    WebElement metrics = wait(Duration.ofSeconds(120))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("metrics-table")));
    assertThat(metrics.getText()).contains("p95_ttft_ms", "output_throughput", "num_gpu_blocks", " ms", " tokens/s",
        " requests/s");
    assertThat(driver.findElement(By.cssSelector("#verdict p")).getText()).matches("SLO (met|missed): .*");
    assertThat(driver.findElements(By.cssSelector("#verdict li"))).as("a line per target").hasSize(2);
    waitForImages("#charts img", 4);
    screenshot("whatif");

    driver.findElement(By.id("pin")).click();
    set("rate", "12");
    driver.findElement(By.id("run")).click();
    WebElement compare = wait(Duration.ofSeconds(120))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("compare-table")));
    assertThat(compare.getText()).contains("B − A", "mean_ttft_ms");
    assertThat(driver.findElement(By.id("compare")).getText()).contains("workload.rate: 4 → 12");
    screenshot("whatif-compare");
  }

  @Test
  void sweepRatesDrawsTheThroughputChartAndTableAndTheRunsPageListsTheSweep() throws IOException {
    driver.get(url("/whatif.html"));
    set("fullspec", "{\"model\": \"llama-3.2-1b\", \"hardware\": \"l4\", \"engine\": {\"max_num_seqs\": 16}, "
        + "\"workload\": {\"input_tokens\": {\"distribution\": \"fixed\", \"value\": 200}, "
        + "\"output_tokens\": {\"distribution\": \"fixed\", \"value\": 40}}}");
    set("sweep_points", "3");
    driver.findElement(By.id("sweep")).click();
    wait(Duration.ofSeconds(300)).until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#sweep-table-rows tbody tr")));
    assertThat(driver.findElements(By.cssSelector("#sweep-table-rows tbody tr"))).hasSize(3);
    assertThat(driver.findElement(By.id("sweep-table-rows")).getText()).contains("goodput req/s", "p50 TTFT ms");
    assertThat(driver.findElement(By.id("sweep-summary")).getText()).contains("llama-3.2-1b", "knee", "SLO capacity");
    waitForImages("#sweep-charts img[data-chart='throughput']", 1);
    screenshot("whatif-sweep");

    driver.get(url("/runs.html"));
    WebElement runs = wait(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#runs-table tbody tr")));
    assertThat(runs).isNotNull();
    assertThat(driver.findElement(By.cssSelector("#runs-table thead")).getText()).contains("Kind");
    assertThat(driver.findElement(By.id("runs-table")).getText()).contains("sweep", "llama-3.2-1b on l4, 3 rates");
    screenshot("runs-with-sweep");
  }

  @Test
  void aRunsPermalinkRendersItsStoredResultAndTheRunsPageLinksToIt() throws IOException {
    ApiClient api = new ApiClient(server.baseUrl());
    String id = api.postJson("api/v1/simulations", "{\"model\": \"llama-3.2-1b\", \"hardware\": \"l4\", "
        + "\"workload\": {\"rate\": 2, \"num_requests\": 60}, \"slo\": {\"ttft_ms\": 400, \"tpot_ms\": 40}}")
        .json().get("id").asText();
    api.pollUntil("api/v1/simulations/" + id, r -> r.get("status").asText().equals("done"), Duration.ofSeconds(120));

    driver.get(url("/runs/" + id));
    WebElement verdict = wait(Duration.ofSeconds(30))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#verdict p")));
    assertThat(verdict.getText()).matches("SLO (met|missed): .*");
    assertThat(driver.findElement(By.id("title")).getText()).isEqualTo("Simulation " + id);
    assertThat(driver.findElement(By.id("metrics-table")).getText()).contains("request_throughput", "requests/s");
    assertThat(driver.findElement(By.id("spec")).getText()).contains("llama-3.2-1b");
    waitForImages("#charts img", 4);
    screenshot("run-simulation");

    driver.get(url("/runs/no-such-run"));
    WebElement status = wait(Duration.ofSeconds(30)).until(d -> {
      WebElement e = d.findElement(By.id("status"));
      return e.getText().isBlank() ? null : e;
    });
    assertThat(status.getText()).contains("No run no-such-run");

    driver.get(url("/runs.html"));
    wait(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#runs-table tbody tr")));
    assertThat(driver.findElements(By.cssSelector("#runs-table a.permalink[href='/runs/" + id + "']"))).hasSize(1);

    // compare: pick this run and a second one, each keeps its colour in the table and the charts
    String other = api.postJson("api/v1/simulations", "{\"model\": \"llama-3.2-1b\", \"hardware\": \"l4\", "
        + "\"workload\": {\"rate\": 6, \"num_requests\": 60}, \"slo\": {\"ttft_ms\": 400, \"tpot_ms\": 40}}")
        .json().get("id").asText();
    api.pollUntil("api/v1/simulations/" + other, r -> r.get("status").asText().equals("done"), Duration.ofSeconds(120));
    driver.navigate().refresh();
    wait(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("input.pick[value='" + other + "']")));
    assertThat(driver.findElement(By.id("compare")).isEnabled()).isFalse();
    driver.findElement(By.cssSelector("input.pick[value='" + id + "']")).click();
    driver.findElement(By.cssSelector("input.pick[value='" + other + "']")).click();
    driver.findElement(By.id("compare")).click();
    WebElement table = wait(Duration.ofSeconds(30))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("compare-table")));
    assertThat(table.getText()).contains("request_throughput", "A " + id.substring(0, 8), "B " + other.substring(0, 8));
    assertThat(driver.findElements(By.cssSelector("#compare-table thead .swatch"))).hasSize(2);
    assertThat(driver.findElement(By.id("changes")).getText()).contains("workload.rate: 2 → 6");
    waitForImages("#compare-charts img", 3);
    screenshot("compare");
  }

  @Test
  void invalidValueIsShownNextToItsField() throws IOException {
    driver.get(url("/whatif.html"));
    set("rate", "-3");
    driver.findElement(By.id("run")).click();
    WebElement error = wait(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(".field-error[data-error-for='workload.rate']")));
    assertThat(error.getText()).isNotBlank();
    assertThat(driver.findElement(By.id("rate")).getAttribute("class")).contains("invalid");
    // The message sits right after the input it concerns.
    WebElement next = driver.findElement(By.cssSelector("#rate + .field-error"));
    assertThat(next.getText()).isEqualTo(error.getText());
    screenshot("whatif-field-error");
  }

  @Test
  void runsAndCatalogPagesList() throws IOException {
    driver.get(url("/catalog.html"));
    WebElement table = wait(Duration.ofSeconds(30))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#catalog-table tbody tr")));
    assertThat(driver.findElement(By.id("catalog-table")).getText()).contains("h100-sxm", "as_of");
    assertThat(table).isNotNull();
    screenshot("catalog");
    driver.get(url("/runs.html"));
    wait(Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("runs-table")));
    screenshot("runs");
  }

  @Test
  void customGpuAddedOnTheCatalogPageIsValidatedStoredAndSimulatable() throws IOException {
    driver.get(url("/catalog.html"));
    wait(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(By.id("catalog-table")));
    set("g_id", "bad-gpu");
    set("g_bw", "-5");
    driver.findElement(By.cssSelector("#custom button[type=submit]")).click();
    WebElement error = wait(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#g_bw + .field-error")));
    assertThat(error.getText()).contains("must be in (0, 80,000] GB/s, got -5");
    screenshot("catalog-field-error");

    set("g_id", "test-gpu");
    set("g_bw", "2500");
    driver.findElement(By.cssSelector("#custom button[type=submit]")).click();
    wait(Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(
        By.id("custom-status"), "Added test-gpu"));
    wait(Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(
        By.id("catalog-table"), "test-gpu"));

    driver.get(url("/whatif.html"));
    wait(Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("#hardware option[value='test-gpu']")).size() == 1);
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("hardware"))).selectByValue("test-gpu");
    set("num_requests", "100");
    driver.findElement(By.id("run")).click();
    WebElement metrics = wait(Duration.ofSeconds(120))
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("metrics-table")));
    assertThat(metrics.getText()).contains("num_gpu_blocks");
  }

  @Test
  void theCatalogPageListsCustomEntriesWithTheirOriginAndDeletesThem() throws IOException {
    ApiClient api = new ApiClient(server.baseUrl());
    double builtInBandwidth = bandwidth(api, "a10g");
    assertThat(api.postJson("api/v1/catalog/gpus?replace=true", gpu("a10g", 1)).status()).isEqualTo(201);
    assertThat(api.postJson("api/v1/catalog/gpus", gpu("ui-custom-gpu", 2000)).status()).isEqualTo(201);
    try {
      driver.get(url("/catalog.html"));
      wait(Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("custom-table"), "ui-custom-gpu"));
      assertThat(customRow("a10g").getText()).contains("gpu", "a10g", "custom (replaces built-in)");
      assertThat(customRow("ui-custom-gpu").getText()).contains("gpu", "ui-custom-gpu", "custom").doesNotContain("replaces");
      screenshot("catalog-custom-entries");

      customRow("a10g").findElement(By.cssSelector("button[data-id='a10g']")).click();
      driver.switchTo().alert().accept();
      wait(Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(
          By.id("custom-list-status"), "the built-in one is back"));
      assertThat(driver.findElements(By.cssSelector("#custom-table button[data-id='a10g']"))).isEmpty();
      assertThat(bandwidth(api, "a10g")).isEqualTo(builtInBandwidth);

      customRow("ui-custom-gpu").findElement(By.cssSelector("button[data-id='ui-custom-gpu']")).click();
      driver.switchTo().alert().accept();
      wait(Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("button[data-id='ui-custom-gpu']")).isEmpty());
      assertThat(api.get("api/v1/catalog/custom").json().findValuesAsText("id")).doesNotContain("a10g", "ui-custom-gpu");
      wait(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#catalog-table tbody tr")));
      assertThat(driver.findElement(By.id("catalog-table")).getText()).doesNotContain("ui-custom-gpu");
    } finally {
      api.delete("api/v1/catalog/gpus/a10g");
      api.delete("api/v1/catalog/gpus/ui-custom-gpu");
    }
  }

  private WebElement customRow(String id) {
    return driver.findElements(By.cssSelector("#custom-table tbody tr")).stream()
        .filter(r -> !r.findElements(By.cssSelector("button[data-id='" + id + "']")).isEmpty())
        .findFirst().orElseThrow(() -> new AssertionError("no custom entry " + id + " listed: "
            + driver.findElement(By.id("custom-list")).getText()));
  }

  private static String gpu(String id, double bandwidthGbps) {
    return "{\"id\":\"" + id + "\",\"name\":\"ui test\",\"memory_gb\":24,\"memory_bandwidth_gbps\":" + bandwidthGbps
        + ",\"bf16_tflops\":100,\"fp16_tflops\":100,\"fp8_tflops\":0,\"int8_tops\":0,\"fp32_tflops\":10,"
        + "\"interconnect_gbps\":0,\"tdp_watts\":150,\"native_dtypes\":[\"bf16\"],\"source\":\"test\",\"as_of\":\"2026-12-02\"}";
  }

  private static double bandwidth(ApiClient api, String id) {
    for (var g : api.get("api/v1/catalog/gpus").json()) {
      if (g.get("id").asText().equals(id)) {
        return g.get("memory_bandwidth_gbps").asDouble();
      }
    }
    throw new AssertionError(id + " not in the catalog");
  }

  private void set(String id, String value) {
    WebElement e = driver.findElement(By.id(id));
    e.clear();
    e.sendKeys(value);
  }

  private WebDriverWait wait(Duration d) {
    return new WebDriverWait(driver, d);
  }

  private void waitForImages(String css, int count) {
    wait(Duration.ofSeconds(60)).until(d -> {
      Object loaded = ((JavascriptExecutor) d).executeScript(
          "return Array.from(document.querySelectorAll(arguments[0]))"
              + ".filter(i => i.complete && i.naturalWidth > 100).length;", css);
      return ((Number) loaded).intValue() >= count;
    });
  }

  private void screenshot(String name) throws IOException {
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name + ".png"), png);
  }

  private String url(String path) {
    return server.baseUrl().resolve(path.substring(1)).toString();
  }
}
