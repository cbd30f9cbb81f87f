package io.serveplan.web.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code serveplan recommend}: Rank serving stacks and hosted APIs for a workload sheet. */
@Command(name = "recommend", description = "Rank serving stacks and hosted APIs for a workload sheet.")
final class RecommendCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("serveplan recommend is not available yet in this build.");
    return 3;
  }
}
