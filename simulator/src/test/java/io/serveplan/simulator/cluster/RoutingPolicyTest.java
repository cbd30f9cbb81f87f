package io.serveplan.simulator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoutingPolicyTest {

  @Test
  void idsAreTheSpecsSpellingsInOrder() {
    assertThat(RoutingPolicy.ids()).containsExactly("round-robin", "least-outstanding", "prefix-affinity");
    for (RoutingPolicy p : RoutingPolicy.values()) {
      assertThat(RoutingPolicy.fromId(p.id())).isEqualTo(p);
    }
  }

  @Test
  void eachPolicyMakesItsOwnFreshRouter() {
    assertThat(RoutingPolicy.ROUND_ROBIN.newRouter()).isInstanceOf(RoundRobinRouter.class);
    assertThat(RoutingPolicy.LEAST_OUTSTANDING.newRouter()).isInstanceOf(LeastOutstandingRouter.class);
    assertThat(RoutingPolicy.PREFIX_AFFINITY.newRouter()).isInstanceOf(PrefixAffinityRouter.class);
    assertThat(RoutingPolicy.ROUND_ROBIN.newRouter()).isNotSameAs(RoutingPolicy.ROUND_ROBIN.newRouter());
  }

  @Test
  void anUnknownIdNamesTheFieldAndTheAllowedIds() {
    assertThatThrownBy(() -> RoutingPolicy.fromId("random"))
        .hasMessage("router: unknown router 'random'; allowed: round-robin, least-outstanding, prefix-affinity");
  }
}
