package io.serveplan.simulator.cluster;

import java.util.List;

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

  static Router of(String id) {
    return switch (id) {
      case "round-robin" -> new RoundRobinRouter();
      case "least-outstanding" -> new LeastOutstandingRouter();
      case "prefix-affinity" -> new PrefixAffinityRouter();
      default -> throw new IllegalArgumentException("router: unknown router '" + id + "'; allowed: "
          + String.join(", ", List.of("round-robin", "least-outstanding", "prefix-affinity")));
    };
  }
}
