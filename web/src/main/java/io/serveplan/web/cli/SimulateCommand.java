package io.serveplan.web.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code serveplan simulate}: Simulate a what-if spec and print the metrics. */
@Command(name = "simulate", description = "Simulate a what-if spec and print the metrics.")
final class SimulateCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("serveplan simulate is not available yet in this build.");
    return 3;
  }
}
