package io.serveplan.simulator.cluster;

import java.util.Arrays;
import java.util.List;

/**
 * How a cluster's router picks a replica for each request: the spec's {@code router:} field. The
 * ids are the only list of allowed values; the spec reader, the resolver and their error messages
 * read them from here.
 */
public enum RoutingPolicy {
  /** Replicas in turn, whatever their load. */
  ROUND_ROBIN("round-robin"),
  /** The replica with the fewest routed, unfinished requests (lowest index on a tie). */
  LEAST_OUTSTANDING("least-outstanding"),
  /** Requests of one shared-prefix group to one replica, so its prefix cache is hit. */
  PREFIX_AFFINITY("prefix-affinity");

  private final String id;

  RoutingPolicy(String id) {
    this.id = id;
  }

  /** The spec's spelling, e.g. {@code least-outstanding}. */
  public String id() {
    return id;
  }

  /** Every id, in declaration order. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(RoutingPolicy::id).toList();
  }

  /** Parses an id; an unknown one throws naming the field and the allowed values. */
  public static RoutingPolicy fromId(String id) {
    for (RoutingPolicy p : values()) {
      if (p.id.equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException("router: unknown router '" + id + "'; allowed: " + String.join(", ", ids()));
  }

  /** A fresh router of this policy (routers hold state: one per simulation). */
  public Router newRouter() {
    return switch (this) {
      case ROUND_ROBIN -> new RoundRobinRouter();
      case LEAST_OUTSTANDING -> new LeastOutstandingRouter();
      case PREFIX_AFFINITY -> new PrefixAffinityRouter();
    };
  }
}
