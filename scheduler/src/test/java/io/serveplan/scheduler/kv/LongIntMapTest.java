package io.serveplan.scheduler.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The primitive prefix-cache index behaves like a HashMap under random puts and removes. */
class LongIntMapTest {

  @Property(tries = 200)
  void behavesLikeAHashMap(@ForAll @LongRange(min = 0, max = 10_000) long seed,
      @ForAll @IntRange(min = 1, max = 3000) int ops, @ForAll @IntRange(min = 1, max = 200) int keySpace) {
    Random rnd = new Random(seed);
    LongIntMap map = new LongIntMap(4);
    Map<Long, Integer> oracle = new HashMap<>();
    for (int i = 0; i < ops; i++) {
      // Small key spaces force long probe runs and wrap-around deletions.
      long key = 1 + rnd.nextInt(keySpace) * (rnd.nextBoolean() ? 1L : 0x10000L);
      if (rnd.nextInt(3) == 0) {
        Integer expected = oracle.remove(key);
        assertThat(map.remove(key)).isEqualTo(expected == null ? LongIntMap.MISSING : expected);
      } else {
        int v = rnd.nextInt(1000);
        Integer expected = oracle.putIfAbsent(key, v);
        assertThat(map.putIfAbsent(key, v)).isEqualTo(expected == null ? LongIntMap.MISSING : expected);
      }
      assertThat(map.size()).isEqualTo(oracle.size());
    }
    for (Map.Entry<Long, Integer> e : oracle.entrySet()) {
      assertThat(map.get(e.getKey())).isEqualTo(e.getValue());
    }
    Map<Long, Integer> seen = new HashMap<>();
    map.forEach(seen::put);
    assertThat(seen).isEqualTo(oracle);
  }
}
