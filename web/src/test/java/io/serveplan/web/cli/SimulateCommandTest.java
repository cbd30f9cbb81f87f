package io.serveplan.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

  record Outcome(int code, String out, String err) {}

  static Outcome simulate(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "simulate";
    System.arraycopy(args, 0, all, 1, args.length);
    return execute(all);
  }

  /** Runs the CLI with {@code args}, capturing stdout and stderr. */
  static Outcome execute(String... all) {
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = cl.execute(all);
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(saved);
    }
  }

  @Test
  void printsMetricsAndWritesResultAndRequestFiles(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("run.yaml");
    Files.writeString(spec, "workload: {num_requests: 40, rate: 5}\n");
    Path result = dir.resolve("out/result.json");
    Path requests = dir.resolve("requests.csv");
    Outcome o = simulate("--spec", spec.toString(), "--out", result.toString(),
        "--requests-out", requests.toString());
    assertThat(o.code()).isZero();
    assertThat(o.out()).contains("mean_ttft_ms", "num_gpu_blocks");
    assertThat(Files.readString(result)).contains("\"metrics\"", "\"completed\" : 40");
    List<String> rows = Files.readAllLines(requests);
    assertThat(rows).hasSize(41);
    assertThat(rows.get(0)).startsWith("request_id,arrival_s,prompt_tokens,output_tokens");
    Outcome json = simulate("--spec", spec.toString(), "--format", "json");
    assertThat(json.out().trim()).startsWith("{").contains("\"time_series\"");
  }

  @Test
  void badSpecFieldsExitWithCodeTwoNamingFieldAndAllowedValues(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(spec, "router: random\nworkload: {rate: 0}\n");
    Outcome o = simulate("--spec", spec.toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("router: unknown value 'random'; allowed: round-robin,")
        .contains("workload.rate: must be > 0").doesNotContain("Exception");
    Files.writeString(spec, "model: gpt-5\n");
    assertThat(simulate("--spec", spec.toString()).err()).contains("model: unknown model 'gpt-5'; allowed:");
  }

  @Test
  void oversizedRunsAreRefusedWithTheLimit(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("big.yaml");
    Files.writeString(spec, "workload: {num_requests: 5000}\n");
    Outcome o = simulate("--spec", spec.toString(), "--max-requests", "1000");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("workload.num_requests: 5000 requests exceed this run's limit of 1000");
  }
}
