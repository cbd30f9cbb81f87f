package io.serveplan.executor.calibration;

import io.serveplan.executor.bench.MeasuredRun;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.simulator.SimulationResult;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.timing.CalibrationProfile;
import io.serveplan.simulator.timing.TimingCoefficients;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Fits the execution-time model to benchmarks of a live server by simulation in the loop: the
 * coefficients (compute, memory and attention efficiency; per-step, per-sequence and per-K/V-token
 * overheads) that minimise the mean squared log ratio predicted / measured of mean TTFT, mean
 * TPOT, mean E2E latency and request throughput over every measured run, each run simulated with
 * its own workload on the spec's model, hardware and engine. Commons Math BOBYQA, within bounds,
 * on a unit box (efficiencies on a log scale), from three starts. Stateless.
 */
public final class ServerFit {

  /** The metrics the fit matches, in order. */
  public static final List<String> METRICS = List.of("mean_ttft_ms", "mean_tpot_ms", "mean_e2el_ms",
      "request_throughput");

  /** One benchmark the fit matches: a name (the plan point) and what the server measured. */
  public record Point(String name, MeasuredRun run) {}

  /**
   * @param errorPerMetric mean absolute relative error per metric over the points
   * @param errorPerPoint per point, per metric: (predicted − measured) / measured
   */
  public record Outcome(CalibrationProfile profile, Map<String, Double> errorPerMetric,
      Map<String, Map<String, Double>> errorPerPoint, int evaluations) {}

  // bounds: efficiencies 0.002..1 (log scale), overheads linear
  private static final double EFF_MIN = Math.log(0.002);
  private static final double[] OVERHEAD_MAX = {200_000, 20_000, 5_000}; // step us, sequence us, kv-token ns
  private static final int DIM = 6;

  private ServerFit() {}

  /**
   * @param base the model, hardware, engine and slo of the server; its workload is replaced by
   *     each point's
   * @param hardware the hardware the profile describes (a catalog GPU, or the measured cpu-local)
   */
  public static Outcome fit(List<Point> points, WhatIfSpec base, GpuSpec hardware, Catalog catalog, String profileId,
      int maxEvaluations) {
    if (points.isEmpty()) {
      throw new IllegalArgumentException("calibrate: no measured runs to fit");
    }
    int[] evaluations = {0};
    // the best point seen, kept here: BOBYQA throws (without its best) when it runs out of evaluations
    PointValuePair[] best = {null};
    ObjectiveFunction objective = new ObjectiveFunction(x -> {
      evaluations[0]++;
      double v = loss(points, base, hardware, catalog, profile(profileId, base, hardware, coefficients(x), 0, 0));
      if (best[0] == null || v < best[0].getValue()) {
        best[0] = new PointValuePair(x.clone(), v);
      }
      return v;
    });
    for (double[] start : new double[][] {{0.6, 0.9, 0.5, 0.05, 0.02, 0.02}, {0.3, 0.6, 0.3, 0.2, 0.1, 0.1},
        {0.85, 0.95, 0.8, 0.01, 0.005, 0.3}}) {
      BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * DIM + 1, 0.1, 1e-4);
      try {
        optimizer.optimize(new MaxEval(Math.max(50, maxEvaluations / 3)), objective, GoalType.MINIMIZE,
            new InitialGuess(start), new SimpleBounds(new double[DIM], filled(1.0)));
      } catch (TooManyEvaluationsException e) {
        // this start used its share of the evaluations; the best point so far stands
      }
    }
    TimingCoefficients c = coefficients(best[0].getPoint());
    Map<String, Map<String, Double>> perPoint = new LinkedHashMap<>();
    Map<String, Double> perMetric = new LinkedHashMap<>();
    CalibrationProfile fitted = profile(profileId, base, hardware, c, 0, 0);
    for (Point p : points) {
      Map<String, Double> e = errors(p, simulate(p, base, catalog, fitted));
      perPoint.put(p.name(), e);
      e.forEach((k, v) -> perMetric.merge(k, Math.abs(v) / points.size(), Double::sum));
    }
    double mean = perMetric.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    CalibrationProfile result = profile(profileId, base, hardware, c, mean, points.size());
    result = new CalibrationProfile(result.id(), result.backend(), result.hardwareId(), result.modelId(),
        result.hardware(), c, r2(points, perPoint), mean, points.size(), result.created());
    return new Outcome(result, perMetric, perPoint, evaluations[0]);
  }

  /** R² of log(predicted) against log(measured) over every point's metrics. */
  private static double r2(List<Point> points, Map<String, Map<String, Double>> perPoint) {
    List<double[]> pairs = new java.util.ArrayList<>();
    for (Point p : points) {
      perPoint.get(p.name()).forEach((k, e) -> {
        double m = p.run().metrics().value(k).orElseThrow();
        if (1 + e > 0) {
          pairs.add(new double[] {Math.log(m), Math.log(m * (1 + e))});
        }
      });
    }
    double mean = pairs.stream().mapToDouble(a -> a[0]).average().orElse(0);
    double res = 0;
    double tot = 0;
    for (double[] a : pairs) {
      res += (a[0] - a[1]) * (a[0] - a[1]);
      tot += (a[0] - mean) * (a[0] - mean);
    }
    return tot > 0 ? 1 - res / tot : 0;
  }

  private static double[] filled(double v) {
    double[] a = new double[DIM];
    java.util.Arrays.fill(a, v);
    return a;
  }

  static TimingCoefficients coefficients(double[] x) {
    double compute = Math.exp(EFF_MIN * (1 - x[0]));
    double memory = Math.exp(EFF_MIN * (1 - x[1]));
    double attention = Math.exp(EFF_MIN * (1 - x[2]));
    return new TimingCoefficients(compute, memory, attention, x[3] * OVERHEAD_MAX[0], 0, x[4] * OVERHEAD_MAX[1], 0,
        x[5] * OVERHEAD_MAX[2]);
  }

  private static CalibrationProfile profile(String id, WhatIfSpec base, GpuSpec hardware, TimingCoefficients c,
      double meanError, int samples) {
    return new CalibrationProfile(id, "openai", hardware.id(), base.model(), hardware, c, 0, meanError,
        samples, Instant.now().toString());
  }

  private static double loss(List<Point> points, WhatIfSpec base, GpuSpec hardware, Catalog catalog,
      CalibrationProfile profile) {
    double sum = 0;
    int n = 0;
    for (Point p : points) {
      SimulationResult r;
      try {
        r = simulate(p, base, catalog, profile);
      } catch (RuntimeException e) {
        return 1e6; // coefficients the simulator refuses (a run too long in simulated time)
      }
      for (String key : METRICS) {
        OptionalDouble measured = p.run().metrics().value(key);
        OptionalDouble predicted = r.metrics().value(key);
        if (measured.isPresent() && measured.getAsDouble() > 0 && predicted.isPresent()) {
          double ratio = predicted.getAsDouble() / measured.getAsDouble();
          sum += ratio > 0 ? Math.pow(Math.log(ratio), 2) : 100;
          n++;
        }
      }
    }
    return n == 0 ? 1e6 : sum / n;
  }

  private static Map<String, Double> errors(Point p, SimulationResult r) {
    Map<String, Double> e = new LinkedHashMap<>();
    for (String key : METRICS) {
      OptionalDouble measured = p.run().metrics().value(key);
      OptionalDouble predicted = r.metrics().value(key);
      if (measured.isPresent() && measured.getAsDouble() > 0 && predicted.isPresent()) {
        e.put(key, (predicted.getAsDouble() - measured.getAsDouble()) / measured.getAsDouble());
      }
    }
    return e;
  }

  static SimulationResult simulate(Point p, WhatIfSpec base, Catalog catalog, CalibrationProfile profile) {
    WhatIfSpec run = base.withHardware(profile.hardwareId()).withWorkload(p.run().workload()).withCalibration("profile");
    return Validator.simulate(run, catalog, profile);
  }
}
