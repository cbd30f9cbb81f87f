package io.serveplan.executor.calibration;

import io.serveplan.executor.Backend;
import io.serveplan.executor.IdlePolicy;
import io.serveplan.executor.ExecutorException;
import io.serveplan.executor.engine.Engine;
import io.serveplan.executor.engine.EngineClock;
import io.serveplan.executor.engine.EngineRequest;
import io.serveplan.executor.engine.StepRecord;
import io.serveplan.scheduler.PreemptionMode;
import io.serveplan.scheduler.QueueOrder;
import io.serveplan.scheduler.SchedulerConfig;
import io.serveplan.scheduler.SchedulingPolicy;
import java.util.SplittableRandom;
import io.serveplan.executor.model.ForwardBatch;
import io.serveplan.executor.model.LlamaModel;
import io.serveplan.executor.model.ModelConfig;
import io.serveplan.executor.model.ModelWeights;
import io.serveplan.hardware.Dtype;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.ModelSpec;
import io.serveplan.hardware.Operator;
import io.serveplan.simulator.timing.CalibrationProfile;
import io.serveplan.simulator.timing.StepComposition;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The calibration loop: times a sweep of step shapes ({@link SweepShape#standard}) on a backend
 * with a model of the catalog shape (seeded random weights), then replays a short synthetic
 * workload through the real engine (the steps a server actually runs back to back, scheduling
 * included), writes every timed step to a CSV dataset, fits the simulator's coefficients
 * ({@link CalibrationFit}) with the sweep's per-shape means and the replay's steps weighted
 * half and half, and returns the {@link CalibrationProfile}.
 *
 * <p>NOTE: means, not medians. What the simulator predicts (mean TTFT, TPOT and E2E, throughput)
 * is a sum of step times, so the model must price a step at its expected time. On a shared VM a
 * step's time is not one value with a few outliers: each vCPU runs at full or about half speed
 * (see {@code cpu.WorkerPool}), so a shape's repetitions fall in two or three clusters and a
 * median of five picks one of them.
 */
public final class Calibrator {

  /**
   * @param repetitions timed runs per shape (after one warm-up run)
   * @param maxContextTokens KV tokens the sweep may hold at once (bounds the KV pool)
   * @param blockSize KV block size of the sweep's block tables
   * @param clock what a step's time is: wall time, or the engine thread's CPU time (as the engine
   *     measures on that clock)
   * @param idle how the backend's threads and the replay's engine wait; validate with the same
   */
  public record Options(int repetitions, long maxContextTokens, int blockSize, int maxBatchTokens, long seed,
      EngineClock clock, IdlePolicy idle) {

    public static Options defaults() {
      return new Options(5, 16_384, 16, 512, 42, EngineClock.WALL, IdlePolicy.SPIN);
    }
  }

  /** The fitted profile, the samples and each sample's prediction. */
  public record Outcome(CalibrationProfile profile, List<CalibrationSample> samples, CalibrationFit.Result fit,
      double[] meanNs, List<SweepShape> shapes, List<StepRecord> replaySteps) {}

  private Calibrator() {}

  public static Outcome calibrate(Backend backend, ModelSpec spec, GpuSpec hardware, Options options,
      Consumer<String> progress) {
    ModelConfig config = ModelConfig.fromCatalog(spec);
    List<SweepShape> shapes = SweepShape.standard(config.maxPositions(), options.maxContextTokens(), options.maxBatchTokens());
    int numBlocks = (int) ((options.maxContextTokens() + options.blockSize() - 1) / options.blockSize()) + 64;
    progress.accept(String.format(Locale.ROOT, "calibrate: %s on %s, %d shapes × %d repetitions, KV pool %d blocks",
        spec.id(), backend.deviceName(), shapes.size(), options.repetitions(), numBlocks));
    List<CalibrationSample> samples = new ArrayList<>();
    double[] means = new double[shapes.size()];
    List<StepRecord> replay;
    try (LlamaModel model = new LlamaModel(backend, ModelWeights.random(config, options.seed()), numBlocks,
        options.blockSize(), options.maxBatchTokens())) {
      ForwardBatch batch = new ForwardBatch(options.blockSize(), 64);
      int[] sampled = new int[options.maxBatchTokens()];
      backend.idlePolicy(options.idle());
      // warm-up pass over every shape (JIT, page faults), then the repetitions round-robin over
      // the shapes, so that a burst of load from a neighbour spreads over shapes instead of
      // spoiling every repetition of one
      for (SweepShape shape : shapes) {
        fill(batch, shape, options.blockSize(), config.vocabSize());
        model.forward(batch, sampled, new long[Operator.values().length]);
      }
      double[][] times = new double[shapes.size()][options.repetitions()];
      for (int r = 0; r < options.repetitions(); r++) {
        for (int s = 0; s < shapes.size(); s++) {
          SweepShape shape = shapes.get(s);
          fill(batch, shape, options.blockSize(), config.vocabSize());
          long[] ops = new long[Operator.values().length];
          long t0 = options.clock().read();
          model.forward(batch, sampled, ops);
          long wall = options.clock().read() - t0;
          samples.add(new CalibrationSample(shape, r, wall, ops));
          times[s][r] = wall;
        }
        progress.accept("  repetition " + (r + 1) + "/" + options.repetitions() + " done");
      }
      // the replay's engine keeps the policy for its run, then sets SLEEP
      replay = replay(model, options, config, numBlocks);
      progress.accept("  replay: " + replay.size() + " engine steps");
      for (int s = 0; s < shapes.size(); s++) {
        means[s] = Arrays.stream(times[s]).average().orElseThrow();
        Arrays.sort(times[s]);
        progress.accept(String.format(Locale.ROOT, "  %-22s mean %9.2f ms  (min %.2f, max %.2f)", shapes.get(s).name(),
            means[s] / 1e6, times[s][0] / 1e6, times[s][times[s].length - 1] / 1e6));
      }
    }
    List<StepComposition> compositions = new ArrayList<>();
    for (SweepShape shape : shapes) {
      compositions.add(new CalibrationSample(shape, 0, 0, null).composition(new StepComposition()));
    }
    double[] measured = Arrays.copyOf(means, shapes.size() + replay.size());
    double[] weights = new double[measured.length];
    Arrays.fill(weights, 0, shapes.size(), 0.5 / shapes.size());
    for (int i = 0; i < replay.size(); i++) {
      compositions.add(replay.get(i).composition(new StepComposition()));
      measured[shapes.size() + i] = replay.get(i).stepNs();
      weights[shapes.size() + i] = 0.5 / replay.size();
    }
    CalibrationFit fit = new CalibrationFit(spec, hardware, Dtype.BF16, Dtype.BF16);
    CalibrationFit.Result result = fit.fit(compositions, measured, weights);
    CalibrationProfile profile = new CalibrationProfile(
        profileId(hardware.id(), backend.id(), spec.id(), options.clock()), backend.id(), hardware.id(), spec.id(), hardware,
        result.coefficients(), result.r2(), result.meanAbsRelError(), samples.size() + replay.size(),
        Instant.now().toString());
    return new Outcome(profile, samples, result, means, shapes, replay);
  }

  /**
   * Times each shape {@code repetitions} times round-robin on {@code model} (after one untimed
   * pass over all of them) and returns each shape's mean step time, ns, in the order given: the reference steps {@code validate} runs to see how
   * fast the machine is now compared with the profile. The shapes' sequences use blocks from 0 up;
   * they must fit the model's KV pool.
   */
  static double[] probe(LlamaModel model, List<SweepShape> shapes, int blockSize, EngineClock clock, int repetitions) {
    int vocab = model.config().vocabSize();
    int maxTokens = 1;
    for (SweepShape shape : shapes) {
      maxTokens = Math.max(maxTokens, shape.numTokens());
    }
    ForwardBatch batch = new ForwardBatch(blockSize, 64);
    int[] sampled = new int[maxTokens];
    long[] ops = new long[Operator.values().length];
    for (SweepShape shape : shapes) {
      fill(batch, shape, blockSize, vocab);
      model.forward(batch, sampled, ops);
    }
    double[][] times = new double[shapes.size()][repetitions];
    for (int r = 0; r < repetitions; r++) {
      for (int s = 0; s < shapes.size(); s++) {
        fill(batch, shapes.get(s), blockSize, vocab);
        long t0 = clock.read();
        model.forward(batch, sampled, ops);
        times[s][r] = clock.read() - t0;
      }
    }
    double[] ns = new double[shapes.size()];
    for (int s = 0; s < shapes.size(); s++) {
      ns[s] = Arrays.stream(times[s]).average().orElseThrow();
    }
    return ns;
  }

  /**
   * The replay's requests: 24 arriving at 1.5 per second, prompts of 16 to 400 tokens, 8 to 48
   * output tokens; prompt plus output never exceed the model's context (stories-15m has 256
   * positions, so its prompts stop at 208).
   */
  static List<EngineRequest> replayRequests(long seed, ModelConfig config) {
    SplittableRandom random = new SplittableRandom(seed + 17);
    List<EngineRequest> requests = new ArrayList<>();
    double t = 0;
    int maxPrompt = Math.max(16, Math.min(400, config.maxPositions() - 48));
    for (int i = 0; i < 24; i++) {
      t += -Math.log(1 - random.nextDouble()) / 1.5;
      int[] prompt = tokens(16 + random.nextInt(maxPrompt - 15), config.vocabSize(), 1000 + i);
      requests.add(new EngineRequest(i, prompt, 8 + random.nextInt(41), Math.round(t * 1e9)));
    }
    return requests;
  }

  /**
   * A short synthetic workload ({@link #replayRequests}) through the real engine and scheduler,
   * chunked prefill with 8 sequences and 256 tokens per step. Its steps join the fit as they were
   * timed.
   */
  private static List<StepRecord> replay(LlamaModel model, Options options, ModelConfig config, int numBlocks) {
    List<EngineRequest> requests = replayRequests(options.seed(), config);
    SchedulerConfig scheduler = new SchedulerConfig(SchedulingPolicy.CHUNKED_PREFILL, 8, 256, 0, options.blockSize(),
        numBlocks, 0, false, options.seed(), PreemptionMode.RECOMPUTE, QueueOrder.FCFS, 0L);
    return new Engine(model, scheduler, options.idle()).run(requests, 240_000_000_000L, options.clock()).steps();
  }

  /** {@code <hardware>-<backend>-<model>}, with {@code @cpu-clock} when timed on thread CPU time. */
  public static String profileId(String hardwareId, String backendId, String modelId, EngineClock clock) {
    return hardwareId + "-" + backendId + "-" + modelId + (clock == EngineClock.THREAD_CPU ? "@cpu-clock" : "");
  }

  /** The clock a profile was calibrated on (from its id). */
  public static EngineClock clockOf(CalibrationProfile profile) {
    return profile.id().endsWith("@cpu-clock") ? EngineClock.THREAD_CPU : EngineClock.WALL;
  }

  /** Disjoint blocks for every sequence of the shape, taken in order from block 0. */
  private static void fill(ForwardBatch batch, SweepShape shape, int blockSize, int vocab) {
    batch.clear();
    int nextBlock = 0;
    for (int i = 0; i < shape.prefillTokens().length; i++) {
      int context = shape.prefillContext()[i] + shape.prefillTokens()[i];
      int[] table = blocks(nextBlock, context, blockSize);
      nextBlock += table.length;
      batch.addSequence(tokens(context, vocab, i), shape.prefillContext()[i], shape.prefillTokens()[i], table, true);
    }
    for (int d = 0; d < shape.numDecode(); d++) {
      int context = shape.decodeContext() + 1;
      int[] table = blocks(nextBlock, context, blockSize);
      nextBlock += table.length;
      batch.addSequence(tokens(context, vocab, 100 + d), shape.decodeContext(), 1, table, true);
    }
  }

  private static int[] blocks(int first, int tokens, int blockSize) {
    int[] table = new int[(tokens + blockSize - 1) / blockSize];
    for (int b = 0; b < table.length; b++) {
      table[b] = first + b;
    }
    return table;
  }

  private static int[] tokens(int n, int vocab, int salt) {
    int[] t = new int[n];
    for (int i = 0; i < n; i++) {
      t[i] = (int) ((i * 7919L + salt * 104729L) % vocab);
    }
    return t;
  }

  /** Writes one CSV row per timed step: shape features, wall time, prediction, per-operator times. */
  public static void writeDataset(Path csv, Outcome outcome) {
    try {
      if (csv.toAbsolutePath().getParent() != null) {
        Files.createDirectories(csv.toAbsolutePath().getParent());
      }
      try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
        StringBuilder header = new StringBuilder(
            "shape,repetition,num_prefill,num_decode,num_tokens,num_sequences,attention_pairs,kv_read_tokens,"
                + "num_logits,prefill_tokens,prefill_context,decode_context,step_ns,shape_mean_ns,predicted_ns");
        for (Operator op : Operator.values()) {
          header.append(',').append(op.id()).append("_ns");
        }
        out.println(header);
        StepComposition c = new StepComposition();
        for (CalibrationSample s : outcome.samples()) {
          int shapeIndex = outcome.shapes().indexOf(s.shape());
          s.composition(c);
          StringBuilder row = new StringBuilder();
          row.append(s.shape().name()).append(',').append(s.repetition()).append(',')
              .append(c.numPrefill()).append(',').append(c.numDecode()).append(',').append(c.numTokens()).append(',')
              .append(c.numSequences()).append(',').append((long) c.attentionPairs()).append(',')
              .append(c.kvReadTokens()).append(',').append(c.numLogits()).append(',')
              .append(join(s.shape().prefillTokens())).append(',').append(join(s.shape().prefillContext())).append(',')
              .append(s.shape().decodeContext()).append(',').append(s.wallNs()).append(',')
              .append((long) outcome.meanNs()[shapeIndex]).append(',')
              .append((long) outcome.fit().predictedNs()[shapeIndex]);
          for (long ns : s.operatorNs()) {
            row.append(',').append(ns);
          }
          out.println(row);
        }
        for (int i = 0; i < outcome.replaySteps().size(); i++) {
          StepRecord r = outcome.replaySteps().get(i);
          r.composition(c);
          StringBuilder row = new StringBuilder();
          row.append("replay,").append(i).append(',').append(c.numPrefill()).append(',').append(c.numDecode())
              .append(',').append(c.numTokens()).append(',').append(c.numSequences()).append(',')
              .append((long) c.attentionPairs()).append(',').append(c.kvReadTokens()).append(',')
              .append(c.numLogits()).append(',').append(join(r.prefillTokens())).append(',')
              .append(join(r.prefillContext())).append(',').append(r.decodeContext().length == 0 ? 0
                  : r.decodeContext()[0]).append(',').append(r.stepNs()).append(',').append(r.stepNs()).append(',')
              .append((long) outcome.fit().predictedNs()[outcome.shapes().size() + i]);
          for (long ns : r.operatorNs()) {
            row.append(',').append(ns);
          }
          out.println(row);
        }
      }
    } catch (IOException e) {
      throw new ExecutorException("cannot write calibration dataset " + csv + ": " + e.getMessage(), e);
    }
  }

  private static String join(int[] values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ";").append(values[i]);
    }
    return sb.toString();
  }
}
