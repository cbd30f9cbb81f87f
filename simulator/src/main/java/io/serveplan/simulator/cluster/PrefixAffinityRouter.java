package io.serveplan.simulator.cluster;

/**
 * Requests of one shared-prefix group go to the same replica (group mod replicas), so that replica's
 * prefix cache holds the group's blocks; requests without a group, and requests whose home replica
 * has more than twice the least-loaded replica's outstanding requests plus {@value #SLACK}, go to
 * the least-loaded replica (bounded-load affinity, as cache-aware routers do).
 */
public final class PrefixAffinityRouter implements Router {

  static final int SLACK = 8;

  @Override
  public int route(int[] outstanding, int prefixGroup) {
    int least = LeastOutstandingRouter.leastLoaded(outstanding);
    if (prefixGroup < 0) {
      return least;
    }
    int home = Math.floorMod(prefixGroup, outstanding.length);
    return outstanding[home] > 2 * outstanding[least] + SLACK ? least : home;
  }
}
