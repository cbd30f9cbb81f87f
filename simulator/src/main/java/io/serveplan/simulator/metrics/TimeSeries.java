package io.serveplan.simulator.metrics;

/**
 * Samples for charts, taken every {@code intervalS} seconds of simulated time: KV-cache usage
 * (mean over replicas, 0..1), waiting requests, running requests (sums over replicas) and output
 * tokens per second over the preceding interval. All arrays have the same length. The arrays are
 * the record's own; callers must not modify them.
 */
public record TimeSeries(
    double intervalS,
    double[] timeS,
    double[] kvCacheUsage,
    double[] queueLength,
    double[] running,
    double[] outputTokensPerS) {}
