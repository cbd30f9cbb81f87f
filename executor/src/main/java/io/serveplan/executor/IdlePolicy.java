package io.serveplan.executor;

/**
 * How a serving run waits when it has nothing to compute: between requests (the engine) and
 * between operators (a backend's worker threads).
 *
 * <ul>
 *   <li>{@link #SPIN}: poll. The engine busy-waits for the next arrival and the CPU backend's
 *       workers spin between calls for the whole run, so every step starts on cores that are awake
 *       — what a dedicated inference server does (llama.cpp's thread pool polls for work the same
 *       way, its {@code --poll} option). On the 2-core development VM, the first step after an
 *       idle gap ran 15–29% slower with sleeping threads (the vCPUs had been halted), which is a
 *       property of the sleeping, not of the step's work.
 *   <li>{@link #SLEEP}: park the engine until the next arrival; workers spin briefly
 *       ({@code WorkerPool.DEFAULT_SPIN_NS}) and then park. Kind to a shared machine.
 * </ul>
 */
public enum IdlePolicy {
  SPIN("spin"),
  SLEEP("sleep");

  private final String id;

  IdlePolicy(String id) {
    this.id = id;
  }

  /** {@code spin} or {@code sleep}, as the CLI spells it. */
  public String id() {
    return id;
  }

  public static IdlePolicy parse(String field, String value) {
    for (IdlePolicy p : values()) {
      if (p.id.equals(value)) {
        return p;
      }
    }
    throw new IllegalArgumentException(field + ": unknown idle policy '" + value + "'; allowed: spin, sleep");
  }
}
