package io.serveplan.simulator.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.serveplan.simulator.spec.SpecException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceTest {

  @Test
  void builtInAzureTracesMatchTheirPublishedSummary() {
    Trace conv = Trace.load("azure-conv-2023", "workload.trace");
    Trace code = Trace.load("azure-code-2023", "workload.trace");
    assertThat(conv.size()).isEqualTo(19_366);
    assertThat(code.size()).isEqualTo(8_819);
    assertThat(conv.arrivalS(0)).isZero();
    assertThat(conv.spanS()).isBetween(3000.0, 3700.0);
    double meanIn = 0;
    for (int i = 0; i < conv.size(); i++) {
      meanIn += conv.inputTokens(i);
    }
    assertThat(meanIn / conv.size()).isCloseTo(1155, within(1.0));
  }

  @Test
  void builtInTraceEqualsTheSharedCopy() throws IOException {
    Path shared = Path.of("../../shared/traces/azure-llm-2023-code.csv");
    Path alt = Path.of("/work/shared/traces/azure-llm-2023-code.csv");
    Path file = Files.isRegularFile(shared) ? shared : alt;
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(file),
        "the shared trace directory is not present on this machine");
    Trace fromFile = Trace.load(file.toString(), "workload.trace");
    Trace builtin = Trace.load("azure-code-2023", "workload.trace");
    assertThat(fromFile.size()).isEqualTo(builtin.size());
    assertThat(fromFile.outputTokens(500)).isEqualTo(builtin.outputTokens(500));
  }

  @Test
  void azureTimestampsKeepSubMillisecondGaps() throws IOException {
    String csv = """
        TIMESTAMP,ContextTokens,GeneratedTokens
        2023-11-16 23:59:59.9995000,10,2
        2023-11-17 00:00:00.0010000,20,3
        2023-11-16 23:59:59.9990000,30,4
        """;
    Trace t = Trace.read("t", new StringReader(csv), "workload.trace");
    assertThat(t.arrivalS(0)).isZero();
    assertThat(t.inputTokens(0)).isEqualTo(30); // sorted by time
    assertThat(t.arrivalS(1)).isCloseTo(0.0005, within(1e-9));
    assertThat(t.arrivalS(2)).isCloseTo(0.0020, within(1e-9));
  }

  @Test
  void readsPlainCsvAndJsonLines(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, "arrival_s,input_tokens,output_tokens\n1.5,100,10\n0.5,200,20\n");
    Trace c = Trace.load(csv.toString(), "workload.trace");
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.arrivalS(1)).isEqualTo(1.0);
    assertThat(c.inputTokens(0)).isEqualTo(200);
    Path jsonl = dir.resolve("t.jsonl");
    Files.writeString(jsonl, "{\"arrival_s\": 0, \"input_tokens\": 5, \"output_tokens\": 6}\n\n"
        + "{\"arrival_s\": 2.25, \"input_tokens\": 7, \"output_tokens\": 8}\n");
    Trace j = Trace.load(jsonl.toString(), "workload.trace");
    assertThat(j.size()).isEqualTo(2);
    assertThat(j.arrivalS(1)).isEqualTo(2.25);
    assertThat(j.outputTokens(1)).isEqualTo(8);
  }

  @Test
  void badTracesAreSpecErrorsNamingFieldAndLine(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "arrival_s,input_tokens,output_tokens\n0,100,10\n1,abc,10\n");
    assertThatThrownBy(() -> Trace.load(csv.toString(), "workload.trace"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("workload.trace: trace 'bad.csv' line 3");
    assertThatThrownBy(() -> Trace.load("no-such-trace", "workload.trace"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("allowed: azure-conv-2023, azure-code-2023");
    Path unknown = dir.resolve("u.csv");
    Files.writeString(unknown, "a,b,c\n1,2,3\n");
    assertThatThrownBy(() -> Trace.load(unknown.toString(), "workload.trace"))
        .hasMessageContaining("unknown format");
  }
}
