package io.serveplan.simulator.spec;

import java.util.Arrays;
import java.util.List;

/**
 * The workload's arrival process ({@code workload.arrival}). The ids are the only list of allowed
 * values: the spec reader, the workload sheet's reader and the web layer's run limits read them
 * from here.
 */
public enum ArrivalProcess {
  /** Exponential inter-arrival times at {@code rate}. */
  POISSON("poisson", true),
  /** Gamma inter-arrival times at {@code rate} with coefficient of variation {@code cv}. */
  GAMMA("gamma", true),
  /** One request every 1 / {@code rate} seconds. */
  CONSTANT("constant", true),
  /** Every request at time 0. */
  OFFLINE("offline", false),
  /** {@code concurrency} closed-loop clients, each sending its next request when its last one ends. */
  CONCURRENCY("concurrency", false),
  /** The arrival times (and lengths) of a trace. */
  TRACE("trace", false);

  private final String id;
  private final boolean rated;

  ArrivalProcess(String id, boolean rated) {
    this.id = id;
    this.rated = rated;
  }

  public String id() {
    return id;
  }

  /** Whether {@code rate} sets the arrivals (an open loop at an average rate). */
  public boolean rated() {
    return rated;
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(ArrivalProcess::id).toList();
  }

  /** The ids of the processes whose arrivals {@code rate} sets: poisson, gamma, constant. */
  public static List<String> ratedIds() {
    return Arrays.stream(values()).filter(ArrivalProcess::rated).map(ArrivalProcess::id).toList();
  }
}
