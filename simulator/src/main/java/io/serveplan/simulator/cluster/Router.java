package io.serveplan.simulator.cluster;

/**
 * Chooses the replica for each arriving request. Routers see only what a real load balancer sees:
 * each replica's outstanding (routed, unfinished) request count and the request's shared-prefix
 * group. Deterministic; one instance per simulation; not thread-safe.
 */
public interface Router {

  /**
   * @param outstanding per replica, requests routed there and not finished (read-only)
   * @param prefixGroup the request's shared-prefix group, or -1
   * @return the replica index
   */
  int route(int[] outstanding, int prefixGroup);

  /** The router of a {@link RoutingPolicy} id; an unknown id throws naming the allowed values. */
  static Router of(String id) {
    return RoutingPolicy.fromId(id).newRouter();
  }
}
