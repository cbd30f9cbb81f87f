package io.serveplan.web.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.reports.HtmlReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serveplan report --result result.json --out DIR}: writes an HTML report with charts. */
@Command(
    name = "report",
    description = "Write an HTML report (charts, key numbers, spec) for a simulation, "
        + "recommendation or capacity result; it opens from disk with no server.")
final class ReportCommand implements Callable<Integer> {

  @Option(names = "--result", required = true, description = "result JSON (simulate --out, recommend --format json)")
  Path result;

  @Option(names = "--out", required = true, description = "output directory")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(result)) {
      throw new IllegalArgumentException("--result: no such file " + result);
    }
    JsonNode tree;
    try {
      tree = new ObjectMapper().readTree(result.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("--result: " + result + " is not valid JSON: " + e.getMessage());
    }
    Path index = HtmlReport.write(tree, out);
    System.out.println("report written: " + index.toAbsolutePath());
    return 0;
  }
}
