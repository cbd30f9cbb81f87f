package io.serveplan.benchmarks;

import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.Dtype;
import io.serveplan.simulator.Simulation;
import io.serveplan.simulator.SimulationOptions;
import io.serveplan.simulator.SimulationResult;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.timing.RooflineModel;
import io.serveplan.simulator.timing.StepComposition;
import io.serveplan.simulator.timing.TimingCoefficients;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The simulator's hot path: replaying the one-hour azure-conv-2023 trace on llama-3.1-8b /
 * h100-sxm (seconds per replay; the trace spans 3,504 simulated seconds), with and without the
 * steady-decode fast path, and one decode step of the execution-time model. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar SimulatorBenchmark}. {@code bin/serveplan
 * bench} prints the same replay's figures without JMH.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class SimulatorBenchmark {

  @Param({"true", "false"})
  boolean fastDecode;

  WhatIfSpec spec;
  Catalog catalog;
  SimulationOptions options;
  RooflineModel model;
  StepComposition decode;

  @Setup
  public void setUp() {
    catalog = Catalog.builtin();
    spec = SpecReader.parse("workload: {arrival: trace, trace: azure-conv-2023}");
    options = SimulationOptions.defaults().withFastDecode(fastDecode);
    model = new RooflineModel(catalog.model("llama-3.1-8b"), catalog.gpu("h100-sxm"), 1,
        Dtype.BF16, Dtype.BF16, TimingCoefficients.fromPreset(catalog.engine("vllm")));
    decode = new StepComposition();
    decode.addDecodes(64, 64 * 1200L);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 3)
  @Measurement(iterations = 7)
  public SimulationResult replayAzureConversationHour() {
    return Simulation.run(spec, catalog, options);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Warmup(iterations = 2, time = 1)
  @Measurement(iterations = 3, time = 1)
  public long decodeStepTime() {
    return model.stepTimeNs(decode);
  }
}
