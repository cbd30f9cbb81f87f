package io.serveplan.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RecommendCommandTest {

  @Test
  void aBadSheetFieldExitsWithCode2AndNamesTheField(@TempDir Path dir) throws IOException {
    Path sheet = dir.resolve("sheet.yaml");
    Files.writeString(sheet, "workload: {rate: 2}\nprivacy: on-prem\ncandidates: {models: [llama-3.1-8b]}\n");
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("recommend", "--spec", sheet.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("privacy").contains("any, self-hosted-only").doesNotContain("Exception");
  }

  @Test
  void aBadPriceFileExitsWithCode2AndNamesFileEntryAndField(@TempDir Path dir) throws IOException {
    Path sheet = dir.resolve("sheet.yaml");
    Files.writeString(sheet, "workload: {rate: 2}\ncandidates: {models: [llama-3.1-8b]}\n");
    Path prices = Files.createDirectory(dir.resolve("prices"));
    Files.writeString(prices.resolve("mine.yaml"),
        "gpu_prices:\n  - {id: x, provider: X, gpu: l4, tier: spot, usd_per_gpu_hour: cheap, source: s, as_of: undated}\n");
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("recommend", "--spec", sheet.toString(), "--prices-dir", prices.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("mine.yaml: gpu_prices[x].usd_per_gpu_hour: must be a number, got 'cheap'");
  }
}
