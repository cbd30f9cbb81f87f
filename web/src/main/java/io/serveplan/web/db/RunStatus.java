package io.serveplan.web.db;

import java.util.Arrays;

/**
 * Where a run is in its life. {@code queued → running → done | failed | cancelled}; a run that was
 * queued or running when the server stopped becomes {@code interrupted} at the next start.
 */
public enum RunStatus {
  QUEUED,
  RUNNING,
  DONE,
  FAILED,
  CANCELLED,
  INTERRUPTED;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** True once the run will not change any more. */
  public boolean isFinal() {
    return this != QUEUED && this != RUNNING;
  }

  public static RunStatus fromId(String id) {
    return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalStateException("unknown run status in the database: " + id));
  }
}
