package io.serveplan.simulator.cluster;

/** The replica with the fewest outstanding requests; ties go to the lowest index. */
public final class LeastOutstandingRouter implements Router {

  @Override
  public int route(int[] outstanding, int prefixGroup) {
    return leastLoaded(outstanding);
  }

  static int leastLoaded(int[] outstanding) {
    int best = 0;
    for (int i = 1; i < outstanding.length; i++) {
      if (outstanding[i] < outstanding[best]) {
        best = i;
      }
    }
    return best;
  }
}
