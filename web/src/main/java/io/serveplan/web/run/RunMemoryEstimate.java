package io.serveplan.web.run;

import io.serveplan.scheduler.PreemptionMode;
import io.serveplan.simulator.memory.MemoryPlanner;
import io.serveplan.simulator.plan.EngineConfig;
import io.serveplan.simulator.plan.RunPlan;
import java.util.Locale;

/**
 * How much server (JVM heap) memory one simulation holds while it runs, estimated before it is
 * admitted: replicas × the scheduler's per-KV-block state × KV blocks, plus per-request state ×
 * requests. The KV blocks are an upper bound (device memory × gpu_memory_utilization over the
 * bytes of one block, weights not subtracted), so the estimate errs high.
 *
 * <p>NOTE: the per-block and per-request bytes are those of the scheduler's {@code BlockPool}
 * (ref count, hash, two free-list links, a flag: 21 bytes per block; a prefix-cache map of up to
 * 65,536 entries × 12 bytes at half load) and of the simulator's request arrays, records and
 * metrics (about 640 bytes a request, rounded up from the fields); {@code web/load/replicas.sh N}
 * prints the server's peak RSS around one run of N replicas, to set beside the estimate.
 *
 * @param bytes the estimate
 * @param replicas as in the plan
 * @param kvBlocksPerReplica the upper bound on KV blocks of one replica
 * @param requests the run's requests
 */
public record RunMemoryEstimate(long bytes, int replicas, long kvBlocksPerReplica, long requests) {

  static final long BYTES_PER_BLOCK = 21;
  static final long PREFIX_CACHE_ENTRIES = 1 << 16;
  static final long BYTES_PER_PREFIX_ENTRY = 24;
  static final long BYTES_PER_REPLICA = 64 * 1024;
  static final long BYTES_PER_REQUEST = 640;
  static final long BYTES_PER_RUN = 8L << 20;

  public static RunMemoryEstimate of(RunPlan plan, long requests) {
    EngineConfig engine = plan.engine();
    long perBlock = Math.max(1, MemoryPlanner.kvBytesPerTokenPerGpu(plan.model(), plan.kvCacheDtype(),
        plan.tensorParallel()) * engine.blockSize());
    long blocks = (long) Math.min(Integer.MAX_VALUE, plan.gpu().memoryBytes() * engine.gpuMemoryUtilization() / perBlock);
    long cpuBlocks = engine.preemption() == PreemptionMode.SWAP
        ? (long) Math.min(Integer.MAX_VALUE, RunPlan.SWAP_SPACE_BYTES / perBlock) : 0;
    long prefix = engine.prefixCaching() ? Math.min(blocks, PREFIX_CACHE_ENTRIES) * BYTES_PER_PREFIX_ENTRY : 0;
    double perReplica = (blocks + cpuBlocks) * (double) BYTES_PER_BLOCK + prefix + BYTES_PER_REPLICA;
    double total = plan.replicas() * perReplica + requests * (double) BYTES_PER_REQUEST + BYTES_PER_RUN;
    return new RunMemoryEstimate((long) Math.min(Long.MAX_VALUE / 2, total), plan.replicas(), blocks, requests);
  }

  /** "10000 replicas × 34,329 KV blocks + 1,000 requests ≈ 16.9 GB". */
  public String describe() {
    return String.format(Locale.ROOT, "%d replicas × %,d KV blocks each + %,d requests ≈ %s of server memory",
        replicas, kvBlocksPerReplica, requests, size(bytes));
  }

  static String size(long bytes) {
    return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
        : String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
  }
}
