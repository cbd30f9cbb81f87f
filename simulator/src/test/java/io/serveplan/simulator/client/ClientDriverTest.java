package io.serveplan.simulator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serveplan.scheduler.PreemptionMode;
import io.serveplan.scheduler.QueueOrder;
import io.serveplan.scheduler.Scheduler;
import io.serveplan.scheduler.SchedulerConfig;
import io.serveplan.scheduler.SchedulingPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientDriverTest {

  /** Requests of prompt length {@code prompts[i]}, 10 output tokens, arriving at 100 ns × i. */
  private record Source(int[] prompts) implements RequestSource {
    @Override
    public int size() {
      return prompts.length;
    }

    @Override
    public long arrivalNs(int i) {
      return 100L * i;
    }

    @Override
    public int promptLen(int i) {
      return prompts[i];
    }

    @Override
    public int outputLen(int i) {
      return 10;
    }
  }

  private final List<long[]> sent = new ArrayList<>();

  private ClientDriver driver(int concurrency, long maxModelLen, int... prompts) {
    Scheduler scheduler = new Scheduler(new SchedulerConfig(SchedulingPolicy.CHUNKED_PREFILL, 8, 64, 0, 16,
        32, 0, false, 0L, PreemptionMode.RECOMPUTE, QueueOrder.FCFS, 0L));
    return new ClientDriver(new Source(prompts), concurrency, scheduler, maxModelLen,
        (t, i) -> sent.add(new long[] {t, i}));
  }

  @Test
  void openLoopSendsEachRequestAtItsArrivalOneAtATime() {
    ClientDriver d = driver(0, 512, 5, 5, 5);
    d.start();
    assertThat(sent).containsExactly(new long[] {0, 0});
    assertThat(d.nextOpenArrivalNs()).isZero();
    assertThat(d.arrive(0, 0)).isTrue();
    assertThat(sent).hasSize(2).last().isEqualTo(new long[] {100, 1});
    assertThat(d.nextOpenArrivalNs()).isEqualTo(100);
    d.finished(150); // an open-loop finish sends nothing
    assertThat(sent).hasSize(2);
    d.arrive(1, 100);
    d.arrive(2, 200);
    assertThat(sent).hasSize(3);
    assertThat(d.nextOpenArrivalNs()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void closedLoopClientsStartAtZeroAndSendTheNextInIndexOrderWhenOneEnds() {
    ClientDriver d = driver(2, 512, 5, 5, 5, 5);
    d.start();
    assertThat(sent).containsExactly(new long[] {0, 0}, new long[] {0, 1});
    d.arrive(0, 0);
    d.arrive(1, 0);
    d.finished(700);
    d.finished(900);
    d.finished(950); // no request left to send
    assertThat(sent).containsExactly(new long[] {0, 0}, new long[] {0, 1}, new long[] {700, 2},
        new long[] {900, 3});
    assertThat(d.numRefused()).isZero();
  }

  @Test
  void aRequestLongerThanMaxModelLenIsRefusedAndItsClientSendsTheNextAtOnce() {
    ClientDriver d = driver(1, 100, 5, 95, 5);
    d.start();
    assertThat(d.arrive(0, 0)).isTrue();
    d.finished(300);
    // 95 prompt + 10 output tokens > 100
    assertThat(d.arrive(1, 300)).isFalse();
    assertThat(d.numRefused()).isEqualTo(1);
    assertThat(sent).last().isEqualTo(new long[] {300, 2});
    assertThat(d.refuses(90, 10)).isFalse();
    assertThat(d.refuses(90, 11)).isTrue();
  }

  @Test
  void aRequestNeedingMoreBlocksThanThePoolIsRefusedWhateverItsLength() {
    // 32 blocks of 16 tokens: a 600-token request can never hold its blocks, even if max_model_len allows it
    ClientDriver d = driver(0, 10_000, 590);
    assertThat(d.refuses(590, 10)).isTrue();
    assertThat(d.refuses(400, 10)).isFalse();
  }

  @Test
  void maxModelLenIsTheSmallerOfTheKvCacheAndTheContext() {
    assertThat(ClientDriver.maxModelLen(1024, 256)).isEqualTo(256);
    assertThat(ClientDriver.maxModelLen(512, 131_072)).isEqualTo(512);
    assertThatThrownBy(() -> driver(-1, 10, 5)).hasMessageContaining("concurrency");
  }
}
