package io.serveplan.benchmarks;

import io.serveplan.scheduler.PreemptionMode;
import io.serveplan.scheduler.QueueOrder;
import io.serveplan.scheduler.Request;
import io.serveplan.scheduler.Scheduler;
import io.serveplan.scheduler.SchedulerConfig;
import io.serveplan.scheduler.SchedulingPolicy;
import io.serveplan.scheduler.StepPlan;
import io.serveplan.scheduler.StepResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scheduler steps for a decode-heavy batch of 256 running sequences (chunked prefill, prefix
 * caching on): each invocation is one schedule() + update() round, reported per scheduled
 * sequence-step. Run: {@code java -jar benchmarks/target/benchmarks.jar SchedulerBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class SchedulerBenchmark {

  static final int SEQS = 256;

  @Param({"true", "false"})
  boolean prefixCaching;

  Scheduler scheduler;
  long nextId;

  @Setup(Level.Iteration)
  public void setUp() {
    SchedulerConfig c = new SchedulerConfig(SchedulingPolicy.CHUNKED_PREFILL, SEQS, 8192, 0, 16,
        200_000, 0, prefixCaching, 1, PreemptionMode.RECOMPUTE, QueueOrder.FCFS, 0);
    scheduler = new Scheduler(c);
    for (int i = 0; i < SEQS; i++) {
      addRequest();
    }
    // Run the prefills so the batch is all decode.
    for (int i = 0; i < 4; i++) {
      scheduler.update(scheduler.schedule(0), StepResult.zeros());
    }
  }

  private void addRequest() {
    int[] prompt = new int[512];
    long id = nextId++;
    for (int t = 0; t < prompt.length; t++) {
      prompt[t] = (int) ((id * 31 + t) % 32000);
    }
    // Long outputs keep the batch decoding; a finished request is replaced to hold 256 running.
    scheduler.addRequest(new Request(id, prompt, 2000 + (int) (id % 500), 0, 0, 0));
  }

  @Benchmark
  @OperationsPerInvocation(SEQS)
  public int decodeStep() {
    StepPlan plan = scheduler.schedule(0);
    int finished = scheduler.update(plan, StepResult.zeros()).size();
    for (int i = 0; i < finished; i++) {
      addRequest();
    }
    return plan.totalNumScheduledTokens();
  }
}
