package io.serveplan.reports;

import io.serveplan.simulator.result.ResultMetrics;
import java.util.List;

/**
 * A simulation's result as its report reads it: the typed metrics ({@link ResultMetrics}, every
 * result key), the part of the spec the summary names, the time series (empty arrays when not
 * sampled) and the per-request latencies (empty unless the run kept its requests).
 */
public record SimulationDocument(
    ResultMetrics metrics,
    Spec spec,
    Series timeSeries,
    List<Latencies> requests,
    String specText) implements ResultDocument {

  public SimulationDocument {
    if (metrics == null) {
      throw new IllegalArgumentException("metrics: missing; a simulation result has them");
    }
    spec = spec == null ? new Spec(null, null, null, null, null, null) : spec;
    timeSeries = timeSeries == null ? Series.EMPTY : timeSeries;
    requests = requests == null ? List.of() : List.copyOf(requests);
  }

  @Override
  public Kind kind() {
    return Kind.SIMULATION;
  }

  @Override
  public SimulationDocument withSpecText(String text) {
    return new SimulationDocument(metrics, spec, timeSeries, requests, text);
  }

  /** The spec as the summary line names it: what ran, on what, and the SLO it was judged by. */
  public record Spec(String model, String hardware, Integer tensorParallel, Integer replicas, Engine engine, Slo slo) {

    public Spec {
      slo = Slo.orNone(slo);
    }

    public int tp() {
      return tensorParallel == null ? 1 : tensorParallel;
    }

    public int fleet() {
      return replicas == null ? 1 : replicas;
    }

    public String preset() {
      return engine == null || engine.preset() == null ? "" : engine.preset();
    }
  }

  /** The engine preset a spec names. */
  public record Engine(String preset) {}

  /**
   * Samples over simulated time: KV usage (0..1), waiting and running requests, output tokens per
   * second. The arrays are the record's own; callers must not modify them.
   */
  public record Series(double[] timeS, double[] kvCacheUsage, double[] queueLength, double[] running,
      double[] outputTokensPerS) {

    static final Series EMPTY = new Series(null, null, null, null, null);

    public Series {
      timeS = orEmpty(timeS);
      kvCacheUsage = orEmpty(kvCacheUsage);
      queueLength = orEmpty(queueLength);
      running = orEmpty(running);
      outputTokensPerS = orEmpty(outputTokensPerS);
    }

    public boolean isEmpty() {
      return timeS.length == 0;
    }

    private static double[] orEmpty(double[] a) {
      return a == null ? new double[0] : a;
    }
  }

  /** One request's latencies in milliseconds (null where not recorded). */
  public record Latencies(Double ttftMs, Double tpotMs, Double e2elMs) {}
}
