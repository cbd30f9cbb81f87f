package io.serveplan.web.cli;

import io.serveplan.reports.HtmlReport;
import io.serveplan.reports.ResultDocument;
import io.serveplan.web.run.ResultDocuments;
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
    ResultDocument doc;
    try {
      doc = ResultDocuments.read(Files.readString(result));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--result: " + result + ": " + e.getMessage());
    }
    Path index = HtmlReport.write(doc, out);
    System.out.println("report written: " + index.toAbsolutePath());
    return 0;
  }
}
