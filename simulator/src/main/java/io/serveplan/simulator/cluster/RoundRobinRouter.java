package io.serveplan.simulator.cluster;

/** Replicas in turn, regardless of load. */
public final class RoundRobinRouter implements Router {

  private int next;

  @Override
  public int route(int[] outstanding, int prefixGroup) {
    int r = next;
    next = (next + 1) % outstanding.length;
    return r;
  }
}
