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
}
