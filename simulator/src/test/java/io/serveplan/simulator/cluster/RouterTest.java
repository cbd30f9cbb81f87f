package io.serveplan.simulator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RouterTest {

  @Test
  void roundRobinTakesTurnsWhateverTheLoad() {
    Router r = Router.of("round-robin");
    int[] load = {9, 0, 0};
    assertThat(new int[] {r.route(load, -1), r.route(load, -1), r.route(load, -1), r.route(load, -1)})
        .containsExactly(0, 1, 2, 0);
  }

  @Test
  void leastOutstandingPicksTheLightestLowestIndexOnTies() {
    Router r = Router.of("least-outstanding");
    assertThat(r.route(new int[] {3, 1, 1}, 5)).isEqualTo(1);
    assertThat(r.route(new int[] {0, 0}, -1)).isZero();
  }

  @Test
  void prefixAffinitySendsAGroupHomeUnlessHomeIsOverloaded() {
    Router r = Router.of("prefix-affinity");
    assertThat(r.route(new int[] {5, 5, 5}, 4)).isEqualTo(1);
    assertThat(r.route(new int[] {5, 0, 5}, 3)).isZero(); // home 0 holds 5 <= 2*0 + 8
    assertThat(r.route(new int[] {20, 2, 5}, 3)).isEqualTo(1); // home 0 overloaded: least loaded
    assertThat(r.route(new int[] {4, 2, 5}, -1)).isEqualTo(1); // no group: least loaded
  }

  @Test
  void unknownRouterNamesTheAllowedOnes() {
    assertThatThrownBy(() -> Router.of("random"))
        .hasMessageContaining("allowed: round-robin, least-outstanding, prefix-affinity");
  }
}
