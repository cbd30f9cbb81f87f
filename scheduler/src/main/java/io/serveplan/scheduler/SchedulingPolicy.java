package io.serveplan.scheduler;

import java.util.Arrays;
import java.util.List;

/** How a step's batch is formed. */
public enum SchedulingPolicy {
  /** A batch forms when full or after a timeout and runs until every member finishes; nobody joins. */
  STATIC("static"),
  /** Iteration-level batching; whole-prompt prefill steps take priority over decode (Orca, vLLM v0). */
  CONTINUOUS("continuous"),
  /** Decodes first, then prompts in chunks within the token budget (vLLM v1, Sarathi-Serve). */
  CHUNKED_PREFILL("chunked-prefill");

  private final String id;

  SchedulingPolicy(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** This policy's batching rules (one class each behind {@link BatchingPolicy}). */
  BatchingPolicy create() {
    return switch (this) {
      case STATIC -> new StaticBatching();
      case CONTINUOUS -> new ContinuousBatching();
      case CHUNKED_PREFILL -> new ChunkedPrefillBatching();
    };
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(SchedulingPolicy::id).toList();
  }

  /** Parses an id; an unknown one throws naming the allowed values. */
  public static SchedulingPolicy fromId(String id) {
    for (SchedulingPolicy p : values()) {
      if (p.id.equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown scheduler '" + id + "'; allowed: " + String.join(", ", ids()));
  }
}
