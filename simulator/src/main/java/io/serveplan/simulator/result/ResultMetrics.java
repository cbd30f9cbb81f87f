package io.serveplan.simulator.result;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A simulation's metrics: vLLM bench serve's ({@link BenchServeMetrics}) then ServePlan's own
 * ({@link EngineMetrics}). Written as one flat object with {@link #KEYS} in order (docs/design.md,
 * "Result keys"); read by typed fields, or by key through {@link #value} where the key is the
 * user's choice (a {@code --metric} option, a key-by-key comparison). Immutable.
 */
public record ResultMetrics(BenchServeMetrics bench, EngineMetrics engine) {

  /** Every key a simulation writes, in order: vLLM's, then ServePlan's. */
  public static final List<String> KEYS = keys();

  public ResultMetrics {
    if (bench == null || engine == null) {
      throw new IllegalArgumentException("bench and engine metrics are both required");
    }
  }

  /** The flat key → number map results are written as, in {@link #KEYS} order. */
  @JsonValue
  public Map<String, Object> toMap() {
    Map<String, Object> m = bench.toMap();
    m.putAll(engine.toMap());
    return m;
  }

  /**
   * The metrics of a result's flat {@code metrics} object, as {@link #toMap} writes it: vLLM's keys
   * through {@link VllmBenchServeReader}, ServePlan's through {@link EngineMetrics#fromMap}.
   *
   * @throws IllegalArgumentException listing every missing or malformed key
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ResultMetrics fromMap(Map<String, Object> flat) {
    String bench = null;
    String engine = null;
    BenchServeMetrics b = null;
    EngineMetrics e = null;
    try {
      b = VllmBenchServeReader.fromTree(flat, "metrics");
    } catch (IllegalArgumentException x) {
      bench = x.getMessage();
    }
    try {
      e = EngineMetrics.fromMap(flat);
    } catch (IllegalArgumentException x) {
      engine = "metrics: " + x.getMessage().replace("\n", "\n  ");
    }
    if (bench != null || engine != null) {
      throw new IllegalArgumentException(bench == null ? engine : engine == null ? bench : bench + "\n" + engine);
    }
    return new ResultMetrics(b, e);
  }

  /** The value of a key, empty when not reported; unknown keys are refused naming the allowed ones. */
  public OptionalDouble value(String key) {
    OptionalDouble e = engine.value(key);
    if (e.isPresent()) {
      return e;
    }
    if (!BenchServeMetrics.isKey(key)) {
      throw new IllegalArgumentException("metric: '" + key + "' is not a result key; allowed: " + KEYS);
    }
    return bench.value(key);
  }

  /** The value of a key that this result reports, as a double. */
  public double metric(String key) {
    OptionalDouble v = value(key);
    if (v.isEmpty()) {
      throw new IllegalArgumentException("metric: '" + key + "' is not reported by this result");
    }
    return v.getAsDouble();
  }

  private static List<String> keys() {
    List<String> k = new ArrayList<>(BenchServeMetrics.KEYS);
    k.addAll(EngineMetrics.KEYS);
    return List.copyOf(k);
  }
}
