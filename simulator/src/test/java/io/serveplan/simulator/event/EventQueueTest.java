package io.serveplan.simulator.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventQueueTest {

  @Test
  void ordersByTimeThenPriorityThenInsertion() {
    EventQueue q = new EventQueue();
    q.push(10, 2, 0, 1);
    q.push(10, 0, 0, 2);
    q.push(5, 9, 0, 3);
    q.push(10, 0, 0, 4);
    q.push(10, 1, 0, 5);
    List<Integer> order = new ArrayList<>();
    while (!q.isEmpty()) {
      q.pop();
      order.add(q.payload());
    }
    assertThat(order).containsExactly(3, 2, 4, 5, 1);
    assertThat(q.nowNs()).isEqualTo(10);
  }

  @Test
  void aStepThatWouldOverflowTheClockFailsSayingSoInsteadOfWrappingAround() {
    long almostEnd = Long.MAX_VALUE - 10;

    assertThatThrownBy(() -> EventQueue.later(almostEnd, 135_000_000_000L))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("simulated time overflows")
        .hasMessageNotContaining("before the clock");
    assertThatThrownBy(() -> EventQueue.later(5, -1)).hasMessageContaining("simulated time overflows");
    assertThat(EventQueue.later(5, 7)).isEqualTo(12);
  }

  @Test
  void clockNeverGoesBackwards() {
    EventQueue q = new EventQueue();
    q.push(100, 0, 0, 0);
    q.pop();
    assertThatThrownBy(() -> q.push(99, 0, 0, 0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void manyRandomEventsComeOutSorted() {
    EventQueue q = new EventQueue();
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 10_000; i++) {
      q.push(r.nextLong(1_000_000), r.nextInt(3), 0, i);
    }
    long last = -1;
    while (!q.isEmpty()) {
      q.pop();
      assertThat(q.nowNs()).isGreaterThanOrEqualTo(last);
      last = q.nowNs();
    }
  }
}
