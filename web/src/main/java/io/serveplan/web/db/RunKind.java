package io.serveplan.web.db;

import java.util.Arrays;
import java.util.List;

/** What a stored run computes. {@link #id()} is the value in the database and in JSON. */
public enum RunKind {
  SIMULATION,
  RECOMMENDATION,
  CALIBRATION;

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
