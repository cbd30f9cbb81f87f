package io.serveplan.web.db;

import java.util.Arrays;
import java.util.List;

/**
 * What a stored run computes. {@link #id()} is the value in the database and in JSON; the ids are
 * exactly the list of the {@code runs_kind_check} constraint in the latest migration that sets it
 * ({@code db/migration/V2__run_kinds_sweep_measured.sql}), which {@code RunKindTest} checks.
 */
public enum RunKind {
  SIMULATION,
  RECOMMENDATION,
  CALIBRATION,
  /** A throughput-latency curve over offered rates ({@code POST /api/v1/sweeps}, {@code sweep-rate}'s answer). */
  SWEEP,
  /**
   * A real benchmark's result kept beside the predictions (what {@code bench-serve} writes and
   * {@code validate --measured} reads). The database accepts it; no endpoint submits one yet (the
   * missing piece: an upload handler for {@code bench-serve} results).
   */
  MEASURED;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static RunKind fromId(String id) {
    return Arrays.stream(values()).filter(k -> k.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalStateException("unknown run kind in the database: " + id));
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(RunKind::id).toList();
  }
}
