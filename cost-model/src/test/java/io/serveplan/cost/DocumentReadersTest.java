package io.serveplan.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.serveplan.cost.price.PriceCatalog;
import io.serveplan.cost.price.PriceException;
import io.serveplan.cost.sheet.SheetReader;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.CatalogException;
import io.serveplan.hardware.document.DocumentException;
import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four documents (what-if spec, workload sheet, catalog, price list) are read by one reader:
 * each reports every problem in one pass, words a range problem the same way, reads a number
 * written as a string the same way, and names the field (and the allowed values) in one format.
 */
class DocumentReadersTest {

  private static final String GPU = """
      gpus:
        - id: %s
          name: test
          memory_gb: %s
          memory_bandwidth_gbps: 1000
          bf16_tflops: 100
          fp16_tflops: 100
          fp8_tflops: 0
          int8_tops: 0
          fp32_tflops: 10
          interconnect_gbps: 0
          tdp_watts: %s
          native_dtypes: [bf16]
          source: test
          as_of: "2026-12-02"
      """;

  @Test
  void theSpecReportsEveryProblemAtOnceWithTheSharedRangeWording() {
    SpecException e = catchThrowableOfType(SpecException.class, () -> SpecReader.parse(
        "engine: {gpu_memory_utilization: 1.5}\nworkload: {rate: -2, arrival: poison}\nreplicas: 0\n"));
    assertThat(e.errors()).extracting(FieldError::toString).containsExactlyInAnyOrder(
        "engine.gpu_memory_utilization: must be in (0, 1], got 1.5",
        "workload.rate: must be > 0, got -2",
        "workload.arrival: unknown value 'poison'; allowed: poisson, gamma, constant, offline, concurrency, trace",
        "replicas: must be in [1, 10,000], got 0");
  }

  @Test
  void theSheetReportsEveryProblemAtOnceWithTheSharedRangeWording() {
    SpecException e = catchThrowableOfType(SpecException.class, () -> SheetReader.parse("""
        workload: {rate: 2}
        availability: 2
        slo: {attainment: 0.2, ttft_ms: -1}
        candidates: {models: [m], weights_dtypes: [fp2]}
        """));
    assertThat(e.errors()).extracting(FieldError::toString).containsExactlyInAnyOrder(
        "availability: must be in [0.5, 0.99999], got 2",
        "slo.attainment: must be in [0.5, 1], got 0.2",
        "slo.ttft_ms: must be > 0, got -1",
        "candidates.weights_dtypes[0]: unknown value 'fp2'; allowed: bf16, fp8, int8, int4, fp4, mxfp4");
  }

  @Test
  void aCatalogDocumentReportsEveryProblemOfEveryEntryAtOnce() {
    String doc = GPU.formatted("big", "2000", "500") + GPU.formatted("neg", "80", "-1").replace("gpus:\n", "");
    CatalogException e = catchThrowableOfType(CatalogException.class, () -> Catalog.builtin().merge("mine.yaml", doc));
    assertThat(e.source()).isEqualTo("mine.yaml");
    assertThat(e.errors()).extracting(FieldError::toString).containsExactly(
        "gpus[big].memory_gb: must be in (0, 1,024] GB, got 2,000",
        "gpus[neg].tdp_watts: must be in [0, 10,000] W, got -1");
    assertThat(e.getMessage()).startsWith("mine.yaml: gpus[big].memory_gb: must be in (0, 1,024] GB, got 2,000; ");
  }

  @Test
  void aPriceListReportsEveryProblemOfEveryEntryAtOnce(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("p.yaml"), """
        gpu_prices:
          - {id: a, provider: A, gpu: l4, tier: hourly, usd_per_gpu_hour: 0, source: s, as_of: undated}
        api_prices:
          - {id: b, provider: B, name: B, class: open-host, input_usd_per_mtok: -1, output_usd_per_mtok: 1, as_of: undated}
        """);
    PriceException e = catchThrowableOfType(PriceException.class,
        () -> PriceCatalog.load(Optional.of(dir), LocalDate.of(2026, 12, 2)));
    assertThat(e.errors()).extracting(FieldError::toString).containsExactly(
        "gpu_prices[a].tier: unknown value 'hourly'; allowed: on-demand, spot, reserved-1y, reserved-3y, capacity-block, serverless, managed",
        "gpu_prices[a].usd_per_gpu_hour: must be > 0, got 0",
        "api_prices[b].input_usd_per_mtok: must be >= 0, got -1",
        "api_prices[b].source: required");
  }

  @Test
  void aNumberWrittenAsAStringReadsTheSameInEveryDocument(@TempDir Path dir) throws IOException {
    assertThat(SpecReader.parse("workload: {rate: '2.5'}").workload().rate()).isEqualTo(2.5);
    assertThat(SheetReader.parse("workload: {rate: 2}\npeak_rate: '4'\ncandidates: {models: [m]}\n").peakRate())
        .isEqualTo(4.0);
    assertThat(Catalog.builtin().merge("s.yaml", GPU.formatted("str", "'48'", "'300'")).gpu("str").memoryGb())
        .isEqualTo(48.0);
    Files.writeString(dir.resolve("p.yaml"), "gpu_prices:\n  - {id: a, provider: A, gpu: l4, tier: spot, "
        + "usd_per_gpu_hour: '0.5', source: s, as_of: undated}\n");
    assertThat(PriceCatalog.load(Optional.of(dir), LocalDate.of(2026, 12, 2)).gpuPrices())
        .filteredOn(p -> p.id().equals("a")).singleElement()
        .satisfies(p -> assertThat(p.usdPerGpuHour()).isEqualTo(0.5));
  }

  @Test
  void everyDocumentExceptionIsOneTypeWithOneLinePerProblem() {
    DocumentException e = catchThrowableOfType(DocumentException.class,
        () -> Catalog.builtin().merge("x.yaml", GPU.formatted("x", "0", "0").replace("tdp_watts", "tdp_wats")));
    assertThat(e.lines()).containsExactly(
        "x.yaml: gpus[x].tdp_wats: unknown field (did you mean tdp_watts?); allowed: " + String.join(", ",
            e.errors().get(0).allowed()),
        "x.yaml: gpus[x].memory_gb: must be in (0, 1,024] GB, got 0",
        "x.yaml: gpus[x].tdp_watts: required");
  }
}
