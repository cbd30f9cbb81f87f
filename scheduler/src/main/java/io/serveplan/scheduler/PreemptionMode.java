package io.serveplan.scheduler;

/** What happens to a request evicted from the running batch when KV blocks run out. */
public enum PreemptionMode {
  /** Free its blocks and recompute its tokens when it is scheduled again. */
  RECOMPUTE,
  /** Move its blocks to a bounded host pool and back (falls back to recompute when the pool is full). */
  SWAP;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Every id, in declaration order. */
  public static java.util.List<String> ids() {
    return java.util.Arrays.stream(values()).map(PreemptionMode::id).toList();
  }

  /** Parses an id; an unknown one throws naming the allowed values. */
  public static PreemptionMode fromId(String id) {
    for (PreemptionMode m : values()) {
      if (m.id().equals(id)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown preemption mode '" + id + "'; allowed: " + String.join(", ", ids()));
  }
}
