package io.serveplan.web.cli;

import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.Simulation;
import io.serveplan.simulator.SimulationOptions;
import io.serveplan.simulator.SimulationResult;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WhatIfSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serveplan bench}: times the simulator replaying a one-hour trace (by default the Azure
 * conversation trace on llama-3.1-8b / h100-sxm) and prints the median wall time of several runs
 * after warm-up, the simulating thread's CPU time (less sensitive to a busy machine), and simulated
 * time / wall time. Single-threaded, like every simulation.
 */
@Command(name = "bench",
    description = "Benchmark the simulator's hot path (replay of the Azure conversation trace).")
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--trace", defaultValue = "azure-conv-2023", description = "built-in trace or file (default: ${DEFAULT-VALUE})")
  String trace;

  @Option(names = "--model", defaultValue = "llama-3.1-8b", description = "default: ${DEFAULT-VALUE}")
  String model;

  @Option(names = "--hardware", defaultValue = "h100-sxm", description = "default: ${DEFAULT-VALUE}")
  String hardware;

  @Option(names = "--runs", defaultValue = "7", description = "timed runs (default: ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--warmup", defaultValue = "3", description = "untimed runs first (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--step-by-step", description = "disable the steady-decode fast path (for comparison)")
  boolean stepByStep;

  @Option(names = "--no-prefix-caching", description = "run the engine without prefix caching (no block hashing)")
  boolean noPrefixCaching;

  @Override
  public Integer call() {
    if (runs < 1 || warmup < 0) {
      throw new IllegalArgumentException("--runs must be >= 1 and --warmup >= 0");
    }
    WhatIfSpec spec = SpecReader.parse("model: " + model + "\nhardware: " + hardware
        + "\nengine: {prefix_caching: " + !noPrefixCaching + "}"
        + "\nworkload: {arrival: trace, trace: " + trace + "}\n");
    Catalog catalog = Catalog.builtin();
    SimulationOptions options = SimulationOptions.defaults().withFastDecode(!stepByStep);
    SimulationResult result = null;
    for (int i = 0; i < warmup; i++) {
      result = Simulation.run(spec, catalog, options);
    }
    double[] wallS = new double[runs];
    double[] cpuS = new double[runs];
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < runs; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      result = Simulation.run(spec, catalog, options);
      wallS[i] = (System.nanoTime() - t0) / 1e9;
      cpuS[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
    }
    Arrays.sort(wallS);
    Arrays.sort(cpuS);
    double median = median(wallS);
    double cpuMedian = median(cpuS);
    double simulated = result.metrics().bench().duration();
    System.out.printf(Locale.ROOT, "trace %s on %s / %s (%s%s): %d requests, %d steps, %.0f s simulated%n",
        trace, model, hardware, stepByStep ? "step by step" : "fast decode path",
        noPrefixCaching ? ", no prefix caching" : "",
        (long) result.metrics().bench().completed(), result.metrics().engine().numSteps(), simulated);
    System.out.printf(Locale.ROOT, "wall time: median %.3f s of %d runs (min %.3f, max %.3f) after %d warm-up runs%n",
        median, runs, wallS[0], wallS[runs - 1], warmup);
    System.out.printf(Locale.ROOT, "cpu time of the simulating thread: median %.3f s (min %.3f)%n",
        cpuMedian, cpuS[0]);
    System.out.printf(Locale.ROOT, "simulated / wall: %.0fx (simulated / thread cpu time: %.0fx)%n",
        simulated / median, simulated / cpuMedian);
    return 0;
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
