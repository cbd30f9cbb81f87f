package io.serveplan.simulator.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * ServePlan's own metrics of a simulated run, beside vLLM's: what the engines and the cluster did.
 * None reuses a vLLM key for another meaning. Units are in the names; fractions are in [0, 1].
 *
 * @param numGpuBlocks KV blocks per replica (vLLM's "# GPU blocks")
 * @param kvCapacityRequests how many requests of the workload's mean length the KV cache holds at once
 * @param kvCacheUsageMean time-weighted mean KV usage, averaged over replicas
 * @param kvCacheUsageMax highest KV usage of any replica
 * @param numRequests requests offered (completed + rejected + unfinished)
 * @param numRejected requests refused because they can never fit the KV cache or the context
 * @param numSteps engine steps, all replicas
 * @param meanStepMs mean step duration
 * @param replicas replicas of the fleet
 * @param gpus replicas × tensor parallel
 * @param simulatedSeconds simulated time to the last finish
 */
public record EngineMetrics(
    int numGpuBlocks,
    double kvCapacityRequests,
    double kvCacheUsageMean,
    double kvCacheUsageMax,
    long numPreemptions,
    double prefixCacheHitRate,
    double meanBatchSize,
    double busyFraction,
    double computeBoundFraction,
    int numRequests,
    int numRejected,
    long numSteps,
    double meanStepMs,
    int replicas,
    int gpus,
    double simulatedSeconds) {

  private record Key(String name, Function<EngineMetrics, Number> value) {}

  private static final List<Key> ORDER = List.of(
      new Key("num_gpu_blocks", EngineMetrics::numGpuBlocks),
      new Key("kv_capacity_requests", EngineMetrics::kvCapacityRequests),
      new Key("kv_cache_usage_mean", EngineMetrics::kvCacheUsageMean),
      new Key("kv_cache_usage_max", EngineMetrics::kvCacheUsageMax),
      new Key("num_preemptions", EngineMetrics::numPreemptions),
      new Key("prefix_cache_hit_rate", EngineMetrics::prefixCacheHitRate),
      new Key("mean_batch_size", EngineMetrics::meanBatchSize),
      new Key("busy_fraction", EngineMetrics::busyFraction),
      new Key("compute_bound_fraction", EngineMetrics::computeBoundFraction),
      new Key("num_requests", EngineMetrics::numRequests),
      new Key("num_rejected", EngineMetrics::numRejected),
      new Key("num_steps", EngineMetrics::numSteps),
      new Key("mean_step_ms", EngineMetrics::meanStepMs),
      new Key("replicas", EngineMetrics::replicas),
      new Key("gpus", EngineMetrics::gpus),
      new Key("simulated_seconds", EngineMetrics::simulatedSeconds));

  /** The keys, in the order results write them (after vLLM's). */
  public static final List<String> KEYS = ORDER.stream().map(Key::name).toList();

  /** The keys and values in order, counts as integers and the rest as doubles. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Key k : ORDER) {
      m.put(k.name(), k.value().apply(this));
    }
    return m;
  }

  /**
   * The metrics of a result's flat {@code metrics} object ({@link #toMap}'s keys; vLLM's and any
   * other keys are ignored).
   *
   * @throws IllegalArgumentException listing every missing or malformed key, one
   *     {@code field: problem} per line
   */
  public static EngineMetrics fromMap(Map<String, ?> flat) {
    List<String> errors = new ArrayList<>();
    double[] v = new double[ORDER.size()];
    for (int i = 0; i < ORDER.size(); i++) {
      String key = ORDER.get(i).name();
      Object n = flat.get(key);
      if (!(n instanceof Number num)) {
        errors.add(key + ": " + (n == null ? "missing" : "\"" + n + "\" is not a number")
            + "; a simulation result has every one of " + KEYS);
      } else {
        v[i] = num.doubleValue();
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", errors));
    }
    return new EngineMetrics((int) v[0], v[1], v[2], v[3], (long) v[4], v[5], v[6], v[7], v[8], (int) v[9],
        (int) v[10], (long) v[11], v[12], (int) v[13], (int) v[14], v[15]);
  }

  /** The value of one of {@link #KEYS}; empty for any other key. */
  public OptionalDouble value(String key) {
    for (Key k : ORDER) {
      if (k.name().equals(key)) {
        return OptionalDouble.of(k.value().apply(this).doubleValue());
      }
    }
    return OptionalDouble.empty();
  }
}
