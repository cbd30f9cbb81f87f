package io.serveplan.cost.recommend;

import io.serveplan.cost.capacity.Capacity;
import io.serveplan.cost.capacity.CapacityPoint;
import io.serveplan.hardware.Dtype;
import io.serveplan.simulator.result.EngineMetrics;
import io.serveplan.simulator.spec.SloSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Why a configuration performs as it does, in words, from its simulated capacity and memory plan. */
final class Reasons {

  private Reasons() {}

  static List<String> forConfig(Config c, Capacity cap, SloSpec slo, double meanBatch) {
    List<String> r = new ArrayList<>();
    EngineMetrics m = cap.metricsAtCapacity() == null ? null : cap.metricsAtCapacity().engine();
    double computeBound = m == null ? Double.NaN : m.computeBoundFraction();
    double weightsGb = c.plan().weightBytesPerGpu() / 1e9;
    if (!Double.isNaN(computeBound) && computeBound >= 0.5) {
      r.add(String.format(Locale.ROOT, "prefill dominates: %.0f%% of step time is compute-bound", computeBound * 100));
    } else {
      r.add(String.format(Locale.ROOT,
          "bandwidth-bound decode: each step streams %.1f GB of weights per GPU at %.0f GB/s, shared by a mean "
              + "batch of %.0f", weightsGb, c.gpu().memoryBandwidthGbps(), meanBatch));
    }
    double kvMax = m == null ? 0 : m.kvCacheUsageMax();
    double preemptions = m == null ? 0 : m.numPreemptions();
    int maxSeqs = c.engine().maxNumSeqs();
    if (c.plan().maxConcurrency() < maxSeqs && (kvMax > 0.9 || preemptions > 0 || meanBatch > 0.8 * c.plan().maxConcurrency())) {
      r.add(String.format(Locale.ROOT, "KV memory limits concurrency: room for %.0f requests of mean length "
          + "(%d blocks), below max_num_seqs %d%s", c.plan().maxConcurrency(), c.plan().numGpuBlocks(), maxSeqs,
          preemptions > 0 ? String.format(Locale.ROOT, "; %.0f preemptions at capacity", preemptions) : ""));
    } else if (meanBatch >= 0.9 * maxSeqs) {
      r.add("max_num_seqs " + maxSeqs + " caps the batch");
    }
    if (cap.curve().stream().noneMatch(p -> p.rps() > cap.maxRps())) {
      r.add(String.format(Locale.ROOT, "capacity is at least %.0f req/s: the search stopped at its ceiling",
          cap.maxRps()));
    }
    String binding = binding(cap, slo);
    if (binding != null) {
      r.add(binding);
    }
    if (c.weights() != Dtype.BF16) {
      r.add(c.weights().id() + " weights: " + String.format(Locale.ROOT, "%.0f%%", c.weights().bytes() / 2 * 100)
          + " of the bf16 bytes per step; check output quality");
    }
    if (c.tensorParallel() > 1) {
      r.add("tensor parallel " + c.tensorParallel() + ": weights split across GPUs, all-reduce each layer");
    }
    return r;
  }

  /** Which target fails first above capacity, from the first failing probe. */
  static String binding(Capacity cap, SloSpec slo) {
    CapacityPoint unstable = null;
    for (CapacityPoint p : cap.curve()) {
      if (p.rps() > cap.maxRps() && (p.p95TtftMs() == null || p.p95TpotMs() == null)) {
        // failed at once as unstable (offered above what it serves): no percentiles to compare
        unstable = unstable == null || p.rps() < unstable.rps() ? p : unstable;
        continue;
      }
      if (p.rps() > cap.maxRps()) {
        boolean ttft = p.p95TtftMs() > slo.ttftMs();
        boolean tpot = p.p95TpotMs() > slo.tpotMs();
        if (ttft && !tpot) {
          return String.format(Locale.ROOT, "TTFT binds: at %.1f req/s p95 TTFT reaches %.0f ms (queueing for "
              + "prefill)", p.rps(), p.p95TtftMs());
        }
        if (tpot && !ttft) {
          return String.format(Locale.ROOT, "TPOT binds: at %.1f req/s p95 TPOT reaches %.1f ms (larger batches "
              + "slow every step)", p.rps(), p.p95TpotMs());
        }
        if (tpot) {
          return String.format(Locale.ROOT, "both targets break together at %.1f req/s", p.rps());
        }
        return String.format(Locale.ROOT, "at %.1f req/s only %.1f%% of requests meet both targets (p95s %.0f ms "
            + "TTFT, %.1f ms TPOT are within them: the misses are spread over the tail)", p.rps(),
            p.attainment() * 100, p.p95TtftMs(), p.p95TpotMs());
      }
    }
    if (unstable != null) {
      return String.format(Locale.ROOT, "throughput binds: at %.1f req/s the offered load exceeds what the "
          + "configuration serves (%s)", unstable.rps(), unstable.verdict());
    }
    return null;
  }
}
