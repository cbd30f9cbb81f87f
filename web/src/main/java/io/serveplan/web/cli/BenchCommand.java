package io.serveplan.web.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code serveplan bench}: Benchmark the simulator's hot path (replay of the Azure conversation trace). */
@Command(name = "bench", description = "Benchmark the simulator's hot path (replay of the Azure conversation trace).")
final class BenchCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("serveplan bench is not available yet in this build.");
    return 3;
  }
}
