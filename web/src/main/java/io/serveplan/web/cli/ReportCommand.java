package io.serveplan.web.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code serveplan report}: Write an HTML report with charts for a result. */
@Command(name = "report", description = "Write an HTML report with charts for a result.")
final class ReportCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("serveplan report is not available yet in this build.");
    return 3;
  }
}
