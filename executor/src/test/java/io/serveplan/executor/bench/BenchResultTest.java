package io.serveplan.executor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.simulator.spec.LengthSpec;
import io.serveplan.simulator.spec.SharedPrefixSpec;
import io.serveplan.simulator.spec.SloSpec;
import io.serveplan.simulator.spec.WorkloadSpec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench-serve result file, byte for byte. The fixtures {@code bench/bench-result-*.json} were
 * written from these same three requests by BenchResult when it built the document as a Jackson
 * tree (commit a362bc7, through the CLI's pretty printer), so they pin vLLM's keys, their order,
 * units, nulls and the per-request arrays as they were; only the run's date differs.
 */
class BenchResultTest {

  private static final SloSpec SLO = new SloSpec(200, 50, 400.0);

  /** Three requests: one on time, one failed (an error with quotes and a non-ASCII letter), one with one token. */
  private static BenchResult result(String arrival) {
    boolean closed = arrival.equals("concurrency");
    WorkloadSpec w = new WorkloadSpec(arrival, 4.0, 1.0, closed ? 2 : null, 3, LengthSpec.fixed(8), LengthSpec.fixed(3),
        new SharedPrefixSpec(4, 2), null, 1.0);
    BenchServe.Options o = new BenchServe.Options(URI.create("http://127.0.0.1:8000"), "stories-15m",
        closed ? "chat" : "completions", 0, 4, Duration.ofSeconds(30), closed ? null : "lbl");
    List<RequestOutcome> requests = List.of(
        new RequestOutcome(true, 8, 3, 0.0, 0.125, List.of(0.03125, 0.0625), 0.25, "abc", ""),
        RequestOutcome.failed(8, 0.5, "HTTP 500: {\"error\":\"é\"}"),
        new RequestOutcome(true, 9, 1, 0.75, 0.5, List.of(), 0.5, "x\ny", ""));
    return new BenchResult(o, w, requests, 1.5, closed);
  }

  private static String undated(String json) {
    return json.replaceFirst("\"date\" : \"\\d{8}-\\d{6}\"", "\"date\" : \"D\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"poisson", "concurrency"})
  void theResultFileIsTheOneTheTreeWrote(String arrival) throws Exception {
    String expected = Files.readString(Path.of("src/test/resources/bench/bench-result-" + arrival + ".json"));
    assertThat(undated(result(arrival).toJson(SLO) + "\n")).isEqualTo(undated(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"poisson", "concurrency"})
  void aWrittenResultReadsBackAsTheRunItMeasured(String arrival, @TempDir Path dir) throws Exception {
    BenchResult r = result(arrival);
    Path file = dir.resolve("result.json");
    Files.writeString(file, r.toJson(SLO) + "\n");
    MeasuredRun back = MeasuredRun.read(file, 0);
    assertThat(back).usingRecursiveComparison().ignoringFields("date").isEqualTo(r.measured(SLO));
    assertThat(back.declaredWorkload().orElseThrow().sharedPrefix()).isEqualTo(r.workload().sharedPrefix());
    assertThat(back.declaredWorkload().orElseThrow().concurrency()).isEqualTo(r.workload().concurrency());
    assertThat(back.outputLens()).containsExactly(3, 0, 1);
    assertThat(back.metrics().completed()).isEqualTo(2);
  }
}
