package io.serveplan.web.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code serveplan validate}: Run one workload on the real executor and in the simulator, and compare. */
@Command(name = "validate", description = "Run one workload on the real executor and in the simulator, and compare.")
final class ValidateCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("serveplan validate is not available yet in this build.");
    return 3;
  }
}
