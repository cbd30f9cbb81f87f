package io.serveplan.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasuredCommandsTest {

  private static final Path FIXTURE =
      Path.of("../simulator/src/test/resources/vllm-bench-serve/vllm-bench-serve-llama-3.2-3b-4xl40s-10qps.json");
  private static final Path SPEC = Path.of("../examples/measured/llama-3.2-3b-4xl40s-10qps.yaml");

  static SimulateCommandTest.Outcome run(String... args) {
    return SimulateCommandTest.execute(args);
  }

  @Test
  void validateMeasuredPrintsThePredictionBesideThePublishedRun() {
    SimulateCommandTest.Outcome o = run("validate", "--measured", FIXTURE.toString(), "--spec", SPEC.toString());
    assertThat(o.code()).as(o.err()).isZero();
    assertThat(o.out()).contains("vllm-bench-serve", "meta-llama/Llama-3.2-3B-Instruct", "llama-3.2-3b on l40s");
    // measured mean TTFT 54.577 ms stands beside its prediction and the relative error
    assertThat(o.out()).containsPattern("mean_ttft_ms\\s+54\\.577\\s+\\d+\\.\\d{3}\\s+[+-]\\d+\\.\\d%");
    assertThat(o.out()).containsPattern("p99_itl_ms\\s+34\\.210\\s+\\d+\\.\\d{3}");
  }

  @Test
  void aMissingMeasuredFileIsOneLineNamingTheOption() {
    SimulateCommandTest.Outcome o = run("validate", "--measured", "nope.json", "--spec", SPEC.toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().trim()).isEqualTo("error: --measured: no such file: nope.json");
  }

  @Test
  void simulateFormatVllmWritesTheResultFlatAsVllmDoes(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("run.yaml");
    Files.writeString(spec, "workload: {num_requests: 30, rate: 5}\n");
    SimulateCommandTest.Outcome o = run("simulate", "--spec", spec.toString(), "--format", "vllm");
    assertThat(o.code()).as(o.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(o.out());
    for (String key : new String[] {"date", "backend", "model_id", "num_prompts", "request_rate", "burstiness",
        "max_concurrency", "completed", "failed", "duration", "request_throughput", "request_goodput",
        "mean_ttft_ms", "p99_itl_ms", "kv_capacity_requests"}) {
      assertThat(doc.has(key)).as(key).isTrue();
    }
    assertThat(doc.get("max_concurrency").isNull()).isTrue();
    assertThat(doc.get("completed").asInt()).isEqualTo(30);
    assertThat(doc.has("metrics")).isFalse();
  }

  @Test
  void calibrateOpenaiWithoutABaseUrlNamesTheOption() {
    SimulateCommandTest.Outcome o = run("calibrate", "--backend", "openai", "--model", "stories-15m", "--hardware",
        "l4");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("--base-url");
  }
}
