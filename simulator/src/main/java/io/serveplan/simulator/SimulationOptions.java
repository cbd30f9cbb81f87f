package io.serveplan.simulator;

import java.util.function.BooleanSupplier;

/**
 * How to run a simulation: progress reporting, cancellation, the size limits that refuse oversized
 * runs ({@code maxRequests} requests, {@code maxSimulatedSeconds} of simulated time), whether to
 * keep per-request records (with every ITL unless {@code keepItl} is off), how to resolve calibration profiles, and whether runs
 * of pure-decode steps are advanced together ({@code fastDecode}, on by default; off only to check
 * that it changes nothing). Immutable.
 */
public record SimulationOptions(
    ProgressListener progress,
    BooleanSupplier cancelled,
    long maxRequests,
    long maxSimulatedSeconds,
    boolean keepRequests,
    CalibrationResolver calibration,
    boolean fastDecode,
    boolean keepItl) {

  public static final long DEFAULT_MAX_REQUESTS = 1_000_000;
  public static final long DEFAULT_MAX_SIMULATED_SECONDS = 24 * 3600;

  public SimulationOptions {
    if (maxRequests < 1 || maxSimulatedSeconds < 1) {
      throw new IllegalArgumentException("limits must be >= 1: maxRequests " + maxRequests
          + ", maxSimulatedSeconds " + maxSimulatedSeconds);
    }
    progress = progress == null ? ProgressListener.NONE : progress;
    cancelled = cancelled == null ? () -> false : cancelled;
    calibration = calibration == null ? CalibrationResolver.FILES : calibration;
  }

  public SimulationOptions(ProgressListener progress, BooleanSupplier cancelled, long maxRequests,
      long maxSimulatedSeconds, boolean keepRequests, CalibrationResolver calibration) {
    this(progress, cancelled, maxRequests, maxSimulatedSeconds, keepRequests, calibration, true);
  }

  /** Per-request records, when kept, carry every ITL. */
  public SimulationOptions(ProgressListener progress, BooleanSupplier cancelled, long maxRequests,
      long maxSimulatedSeconds, boolean keepRequests, CalibrationResolver calibration, boolean fastDecode) {
    this(progress, cancelled, maxRequests, maxSimulatedSeconds, keepRequests, calibration, fastDecode, true);
  }

  public static SimulationOptions defaults() {
    return new SimulationOptions(ProgressListener.NONE, () -> false, DEFAULT_MAX_REQUESTS,
        DEFAULT_MAX_SIMULATED_SECONDS, false, CalibrationResolver.FILES, true, true);
  }

  public SimulationOptions withKeepRequests(boolean keep) {
    return new SimulationOptions(progress, cancelled, maxRequests, maxSimulatedSeconds, keep,
        calibration, fastDecode, keepItl);
  }

  /**
   * Per-request records without their ITL lists (TTFT, TPOT, E2EL and SLO verdict only): cheap
   * enough for long runs, and pure-decode steps are still advanced together.
   */
  public SimulationOptions withRequestSummaries() {
    return new SimulationOptions(progress, cancelled, maxRequests, maxSimulatedSeconds, true,
        calibration, fastDecode, false);
  }

  public SimulationOptions withFastDecode(boolean fast) {
    return new SimulationOptions(progress, cancelled, maxRequests, maxSimulatedSeconds, keepRequests,
        calibration, fast, keepItl);
  }

  public SimulationOptions withLimits(long maxRequests, long maxSimulatedSeconds) {
    return new SimulationOptions(progress, cancelled, maxRequests, maxSimulatedSeconds, keepRequests,
        calibration, fastDecode, keepItl);
  }
}
