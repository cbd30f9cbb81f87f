package io.serveplan.simulator.plan;

import java.util.Arrays;
import java.util.List;

/** Where a run's timing coefficients came from. */
public enum TimingOrigin {
  /** The engine preset's efficiencies and overheads (the catalog's {@code engines.yaml}). */
  PRESET("preset"),
  /** A calibration profile fitted on measured steps (the spec's {@code calibration:}). */
  CALIBRATION_PROFILE("calibration-profile"),
  /** Set by the caller for this run (a fit in progress, a what-if on the coefficients themselves). */
  OVERRIDE("override");

  private final String id;

  TimingOrigin(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(TimingOrigin::id).toList();
  }
}
