package io.serveplan.executor.calibration;

import io.serveplan.executor.IdlePolicy;
import io.serveplan.executor.cpu.CpuBackend;
import io.serveplan.executor.engine.EngineClock;
import io.serveplan.executor.model.LlamaModel;
import io.serveplan.executor.model.ModelConfig;
import io.serveplan.executor.model.ModelWeights;
import io.serveplan.hardware.Catalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How steady this machine is: times three of the calibration sweep's steps ({@code prefill-128@0},
 * {@code decode-1@128}, {@code decode-16@128}) on the CPU backend over and over for a while and
 * prints, per round of five, their mean step time, then each shape's spread over the whole run
 * (min, p10, median, p90, max). On a quiet machine p90 / p10 stays within a few percent; a shared
 * VM whose cores slow down under a neighbour shows clusters. Read it before trusting a
 * {@code validate} table: a profile is only as good as the window it was calibrated in.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "web/target/classes:web/target/lib/*" \
 *     io.serveplan.executor.calibration.StepDrift [seconds, default 60] [model, default stories-42m]
 * </pre>
 */
public final class StepDrift {

  private static final List<String> SHAPES = List.of("prefill-128@0", "decode-1@128", "decode-16@128");
  private static final int REPETITIONS = 5;
  private static final int BLOCK_SIZE = 16;

  private StepDrift() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    String modelId = args.length > 1 ? args[1] : "stories-42m";
    ModelConfig config = ModelConfig.fromCatalog(Catalog.builtin().model(modelId));
    List<SweepShape> shapes = new ArrayList<>();
    for (SweepShape s : SweepShape.standard(config.maxPositions(), 8192, 512)) {
      if (SHAPES.contains(s.name())) {
        shapes.add(s);
      }
    }
    List<double[]> rounds = new ArrayList<>();
    try (CpuBackend backend = new CpuBackend(2);
        LlamaModel model = new LlamaModel(backend, ModelWeights.random(config, 1), 8192 / BLOCK_SIZE + 64,
            BLOCK_SIZE, 512)) {
      backend.idlePolicy(IdlePolicy.SPIN);
      System.out.printf(Locale.ROOT, "%s on %s; seconds, then mean ms of %d runs each:", modelId,
          backend.deviceName(), REPETITIONS);
      shapes.forEach(s -> System.out.print("  " + s.name()));
      System.out.println();
      Calibrator.probe(model, shapes, BLOCK_SIZE, EngineClock.WALL, 1); // warm-up
      long t0 = System.nanoTime();
      while (System.nanoTime() - t0 < seconds * 1_000_000_000L) {
        double[] ns = Calibrator.probe(model, shapes, BLOCK_SIZE, EngineClock.WALL, REPETITIONS);
        rounds.add(ns);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%7.1f", (System.nanoTime() - t0) / 1e9));
        for (double v : ns) {
          line.append(String.format(Locale.ROOT, "  %9.2f", v / 1e6));
        }
        System.out.println(line);
      }
    }
    for (int k = 0; k < shapes.size(); k++) {
      double[] v = new double[rounds.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = rounds.get(i)[k] / 1e6;
      }
      Arrays.sort(v);
      System.out.printf(Locale.ROOT, "%-14s min %.2f  p10 %.2f  median %.2f  p90 %.2f  max %.2f ms  (p90/p10 %.2f, %d rounds)%n",
          shapes.get(k).name(), v[0], at(v, 0.1), at(v, 0.5), at(v, 0.9), v[v.length - 1], at(v, 0.9) / at(v, 0.1),
          v.length);
    }
  }

  private static double at(double[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
  }
}
