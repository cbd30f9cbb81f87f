package io.serveplan.hardware;

/**
 * A serving engine's efficiencies and fixed overheads for the execution-time model, and the
 * scheduler defaults it ships with. Efficiencies are fractions in (0, 1]; overheads are
 * microseconds. {@code basis} says where the numbers come from. Immutable.
 */
public record EnginePreset(
    String id,
    String name,
    double computeEfficiency,
    double memoryEfficiency,
    double attentionEfficiency,
    double perStepOverheadUs,
    double perLayerOverheadUs,
    double perSequenceOverheadUs,
    String defaultScheduler,
    int maxNumSeqs,
    int maxNumBatchedTokens,
    int blockSize,
    boolean prefixCaching,
    String source,
    String asOf,
    String basis) {}
