package io.serveplan.executor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.executor.IdlePolicy;
import io.serveplan.executor.cpu.CpuBackend;
import io.serveplan.executor.model.LlamaModel;
import io.serveplan.executor.model.ModelConfig;
import io.serveplan.executor.model.ModelWeights;
import io.serveplan.hardware.Operator;
import io.serveplan.scheduler.PreemptionMode;
import io.serveplan.scheduler.QueueOrder;
import io.serveplan.scheduler.SchedulerConfig;
import io.serveplan.scheduler.SchedulingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EngineTest {

  private static final ModelConfig CONFIG = new ModelConfig(32, 48, 2, 4, 2, 8, 64, 256, 10000f, 1e-5f, true);
  private static final long MINUTE_NS = 60_000_000_000L;

  @Test
  void everyRequestGeneratesExactlyItsNumberOfOutputTokens() {
    SplittableRandom random = new SplittableRandom(3);
    List<EngineRequest> requests = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      int[] prompt = new int[1 + random.nextInt(40)];
      for (int k = 0; k < prompt.length; k++) {
        prompt[k] = random.nextInt(CONFIG.vocabSize());
      }
      requests.add(new EngineRequest(i, prompt, 1 + random.nextInt(20), 0));
    }
    EngineRun run = run(requests, config(SchedulingPolicy.CHUNKED_PREFILL, 32, 40, true));

    assertThat(run.requests()).hasSize(12);
    for (RequestRecord r : run.requests()) {
      EngineRequest asked = requests.get((int) r.requestId());
      assertThat(r.outputTokens()).isEqualTo(asked.numOutputTokens());
      assertThat(r.tokenTimesNs()).hasSize(asked.numOutputTokens()).isSorted();
      assertThat(r.firstTokenNs()).isGreaterThanOrEqualTo(r.arrivalNs());
    }
    long computed = run.steps().stream().mapToLong(StepRecord::numTokens).sum();
    long needed = requests.stream().mapToLong(q -> q.promptTokenIds().length + q.numOutputTokens() - 1).sum();
    assertThat(computed).isEqualTo(needed);
    assertThat(run.steps()).allSatisfy(s -> assertThat(s.operatorNs(Operator.ATTN)).isPositive());
  }

  @Test
  void sharedPrefixIsReadFromTheCacheNotRecomputed() {
    int[] prefix = new int[48];
    for (int k = 0; k < prefix.length; k++) {
      prefix[k] = (k * 13) % CONFIG.vocabSize();
    }
    List<EngineRequest> requests = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int[] prompt = java.util.Arrays.copyOf(prefix, prefix.length + 5);
      for (int k = prefix.length; k < prompt.length; k++) {
        prompt[k] = (i * 7 + k) % CONFIG.vocabSize();
      }
      // arrivals spaced so the first request's prefix blocks are full and hashed before the next
      requests.add(new EngineRequest(i, prompt, 3, i * 200_000_000L));
    }
    EngineRun run = run(requests, config(SchedulingPolicy.CHUNKED_PREFILL, 8, 256, true));

    assertThat(run.requests().get(0).numCachedPromptTokens()).isZero();
    assertThat(run.requests().get(1).numCachedPromptTokens()).isEqualTo(48);
    assertThat(run.requests().get(2).numCachedPromptTokens()).isEqualTo(48);
    long computed = run.steps().stream().mapToLong(StepRecord::numTokens).sum();
    assertThat(computed).isEqualTo(53 + 2 + 2 * (5 + 2));
  }

  @Test
  void closedLoopClientsSendTheirNextRequestWhenTheLastOneFinishes() {
    List<EngineRequest> requests = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      // the given arrival times are ignored in a closed loop
      requests.add(new EngineRequest(i, new int[] {3, 1, 4, 1, 5, i}, 2 + i % 3, 5_000_000_000L));
    }
    EngineRun run;
    SchedulerConfig config = config(SchedulingPolicy.CHUNKED_PREFILL, 8, 64, false);
    try (CpuBackend backend = new CpuBackend(2);
        LlamaModel model = new LlamaModel(backend, ModelWeights.random(CONFIG, 1), config.numGpuBlocks(),
            config.blockSize(), config.maxNumBatchedTokens())) {
      run = new Engine(model, config).run(requests, 2, MINUTE_NS, EngineClock.WALL);
    }

    assertThat(run.requests()).hasSize(7);
    List<RequestRecord> byId = run.requests();
    assertThat(byId.get(0).arrivalNs()).isZero();
    assertThat(byId.get(1).arrivalNs()).isZero();
    // every later request arrives at the instant an earlier one finished, in list order
    List<Long> finishes = byId.stream().map(RequestRecord::finishNs).sorted().toList();
    for (int i = 2; i < 7; i++) {
      assertThat(byId.get(i).arrivalNs()).isEqualTo(finishes.get(i - 2));
      assertThat(byId.get(i).arrivalNs()).isGreaterThanOrEqualTo(byId.get(i - 1).arrivalNs());
    }
    // never more than two requests in flight, though eight sequences would fit
    for (RequestRecord r : byId) {
      long inFlight = byId.stream().filter(o -> o.arrivalNs() <= r.arrivalNs() && o.finishNs() > r.arrivalNs()).count();
      assertThat(inFlight).isLessThanOrEqualTo(2);
    }
    assertThat(run.steps()).allSatisfy(s -> assertThat(s.prefillTokens().length + s.decodeContext().length).isLessThanOrEqualTo(2));
  }

  @Test
  void staticAndContinuousPoliciesAlsoRunToCompletion() {
    for (SchedulingPolicy policy : new SchedulingPolicy[] {SchedulingPolicy.STATIC, SchedulingPolicy.CONTINUOUS}) {
      List<EngineRequest> requests = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        requests.add(new EngineRequest(i, new int[] {1, 2, 3, i}, 4 + i, 0));
      }
      EngineRun run = run(requests, config(policy, 4, 64, false));
      assertThat(run.requests()).extracting(RequestRecord::outputTokens).containsExactly(4, 5, 6, 7, 8);
    }
  }

  @Test
  void bothIdlePoliciesServeTheSameTokensAndTheBackendIsLeftSleeping() {
    List<EngineRequest> requests = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      // gaps between arrivals: the engine waits (spinning or parked) between requests
      requests.add(new EngineRequest(i, new int[] {5, 6, 7, i}, 3, i * 30_000_000L));
    }
    SchedulerConfig config = config(SchedulingPolicy.CHUNKED_PREFILL, 4, 64, false);
    List<IdlePolicy> seen = new ArrayList<>();
    List<List<Long>> finishOrders = new ArrayList<>();
    for (IdlePolicy idle : IdlePolicy.values()) {
      try (CpuBackend cpu = new CpuBackend(2);
          RecordingBackend backend = new RecordingBackend(cpu, seen);
          LlamaModel model = new LlamaModel(backend, ModelWeights.random(CONFIG, 1), config.numGpuBlocks(),
              config.blockSize(), config.maxNumBatchedTokens())) {
        EngineRun run = new Engine(model, config, idle).run(requests, MINUTE_NS);
        assertThat(run.requests()).extracting(RequestRecord::outputTokens).containsExactly(3, 3, 3, 3);
        assertThat(run.requests()).allSatisfy(r -> assertThat(r.firstTokenNs()).isGreaterThanOrEqualTo(r.arrivalNs()));
        finishOrders.add(run.requests().stream().map(RequestRecord::requestId).toList());
      }
    }
    assertThat(finishOrders.get(0)).isEqualTo(finishOrders.get(1));
    // each run sets its policy on the backend first and restores SLEEP when it ends
    assertThat(seen).containsExactly(IdlePolicy.SPIN, IdlePolicy.SLEEP, IdlePolicy.SLEEP, IdlePolicy.SLEEP);
  }

  @Test
  void aRequestLongerThanTheContextIsRefusedAndItsClosedLoopClientSendsTheNextAtOnce() {
    // the model's context is 256 positions (the KV pool holds 1024 tokens): request 1 can never run
    List<EngineRequest> requests = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int[] prompt = new int[i == 1 ? 250 : 6];
      java.util.Arrays.fill(prompt, 1 + i);
      requests.add(new EngineRequest(i, prompt, 8, 0));
    }
    SchedulerConfig config = config(SchedulingPolicy.CHUNKED_PREFILL, 8, 64, false);
    EngineRun run;
    try (CpuBackend backend = new CpuBackend(2);
        LlamaModel model = new LlamaModel(backend, ModelWeights.random(CONFIG, 1), config.numGpuBlocks(),
            config.blockSize(), config.maxNumBatchedTokens())) {
      Engine engine = new Engine(model, config);
      assertThat(engine.maxModelLen()).isEqualTo(256);
      run = engine.run(requests, 2, MINUTE_NS, EngineClock.THREAD_CPU);
    }

    assertThat(run.numRefused()).isEqualTo(1);
    assertThat(run.requests()).extracting(RequestRecord::requestId).containsExactly(0L, 2L, 3L);
    // request 1's client sent request 2 when 1 was refused, at time 0, as the simulator's clients do
    assertThat(run.requests().get(1).arrivalNs()).isZero();
  }

  /** A CPU backend that records the idle policies it is given. */
  private static final class RecordingBackend extends io.serveplan.executor.ForwardingBackend {
    private final List<IdlePolicy> seen;

    RecordingBackend(io.serveplan.executor.Backend delegate, List<IdlePolicy> seen) {
      super(delegate);
      this.seen = seen;
    }

    @Override
    public void idlePolicy(IdlePolicy policy) {
      seen.add(policy);
      super.idlePolicy(policy);
    }
  }

  private static SchedulerConfig config(SchedulingPolicy policy, int maxNumSeqs, int maxNumBatchedTokens, boolean prefixCaching) {
    return new SchedulerConfig(policy, maxNumSeqs, maxNumBatchedTokens, 0, 16, 64, 0, prefixCaching, 0L,
        PreemptionMode.RECOMPUTE, QueueOrder.FCFS, 1_000_000L);
  }

  private static EngineRun run(List<EngineRequest> requests, SchedulerConfig config) {
    try (CpuBackend backend = new CpuBackend(2);
        LlamaModel model = new LlamaModel(backend, ModelWeights.random(CONFIG, 1), config.numGpuBlocks(),
            config.blockSize(), config.maxNumBatchedTokens())) {
      return new Engine(model, config).run(requests, MINUTE_NS);
    }
  }
}
