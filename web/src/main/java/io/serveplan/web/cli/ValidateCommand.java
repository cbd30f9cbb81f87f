package io.serveplan.web.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serveplan.executor.Backend;
import io.serveplan.executor.Backends;
import io.serveplan.executor.ExecutorException;
import io.serveplan.executor.calibration.Calibrator;
import io.serveplan.executor.calibration.Validator;
import io.serveplan.executor.IdlePolicy;
import io.serveplan.executor.engine.EngineClock;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.timing.CalibrationProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serveplan validate}: Run one workload on the real executor and in the simulator, and
 * compare; or, with {@code --measured}, compare the simulator with a run measured elsewhere.
 */
@Command(name = "validate", description = "Run one workload on the real executor and in the simulator, and compare; "
    + "with --measured, compare the simulator with a vllm bench serve or GuideLLM result.")
final class ValidateCommand implements Callable<Integer> {

  @Option(names = "--backend", defaultValue = "cpu", description = "cpu | cuda (default: cpu)")
  String backend;

  @Option(names = "--profile", description = "calibration profile JSON written by calibrate (required unless "
      + "--measured)")
  Path profile;

  @Option(names = "--measured", description = "a vllm bench serve (or bench-serve) result JSON or a GuideLLM report: "
      + "print the spec's prediction beside it instead of running the executor")
  Path measured;

  @Option(names = "--benchmark", defaultValue = "0", description = "which benchmark of a GuideLLM report (default: 0)")
  int benchmark;

  @Option(names = "--spec", required = true, description = "what-if spec, YAML or JSON (its hardware and "
      + "calibration are replaced by the profile's)")
  Path spec;

  @Option(names = "--format", defaultValue = "table", description = "table | json (default: table)")
  String format;

  @Option(names = "--out", description = "write the JSON report to this file (with --format json: instead of standard "
      + "output)")
  Path out;

  @Option(names = "--idle", defaultValue = "spin", description = "spin | sleep: how the executor waits between "
      + "requests and between operators; spin polls like a dedicated server (steps after an idle gap are not "
      + "slowed by waking halted cores), sleep parks; calibrate and validate with the same (default: spin)")
  String idle;

  @Option(names = "--clock", description = "wall | cpu (default: the clock the profile was calibrated on)")
  String clock;

  @Option(names = "--steps-out", description = "write one CSV row per executor step: composition, measured and "
      + "predicted time")
  Path stepsOut;

  @Option(names = "--catalog-dir", description = "directory of user catalog files (default: $SERVEPLAN_CATALOG)")
  Path catalogDir;

  @Override
  public Integer call() throws Exception {
    boolean json = Tables.wantsJson(format);
    if (measured != null) {
      return new MeasuredTable(measured, benchmark, spec, profile, catalogDir, out).print(json);
    }
    if (!Backends.IDS.contains(backend)) {
      throw new IllegalArgumentException("--backend: unknown backend '" + backend + "'; allowed: cpu, cuda");
    }
    if (profile == null) {
      throw new IllegalArgumentException("--profile: required (or --measured result.json to compare a measured run)");
    }
    if (!Files.isRegularFile(profile)) {
      throw new IllegalArgumentException("--profile: no file " + profile + " (write one with serveplan calibrate)");
    }
    CalibrationProfile calibration = CalibrationProfile.read(profile);
    if (!calibration.backend().equals(backend)) {
      throw new IllegalArgumentException("--profile: " + profile + " was calibrated on the " + calibration.backend()
          + " backend, not " + backend);
    }
    EngineClock engineClock = clock != null ? EngineClock.parse("--clock", clock) : Calibrator.clockOf(calibration);
    IdlePolicy idlePolicy = IdlePolicy.parse("--idle", idle);
    if (engineClock != Calibrator.clockOf(calibration)) {
      System.err.println("warning: " + profile + " was calibrated on the " + Calibrator.clockOf(calibration).id()
          + " clock; validating on the " + engineClock.id() + " clock");
    }
    WhatIfSpec whatIf = SpecReader.read(spec);
    Catalog catalog = Catalog.fromEnvironment(Optional.ofNullable(catalogDir));
    Backend opened;
    try {
      opened = Backends.open(backend);
    } catch (ExecutorException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    Validator.Report report;
    try (Backend b = opened) {
      report = Validator.validate(b, calibration, whatIf, catalog, engineClock, idlePolicy, System.err::println);
    }
    ObjectMapper mapper = JsonCodec.snakeCaseMapper();
    ObjectNode doc = mapper.createObjectNode();
    doc.set("measured", mapper.valueToTree(report.measured()));
    doc.set("predicted", mapper.valueToTree(report.predicted()));
    doc.set("relative_error", mapper.valueToTree(report.relativeError()));
    // the same prediction at the speed the reference steps showed around the run (see Validator.Report)
    doc.put("machine_speed_factor", report.speedFactor());
    doc.set("predicted_at_measured_speed", mapper.valueToTree(report.predictedAtMeasuredSpeed()));
    doc.set("relative_error_at_measured_speed", mapper.valueToTree(report.relativeErrorAtMeasuredSpeed()));
    doc.put("profile", profile.toString());
    doc.put("device", report.device());
    doc.put("num_gpu_blocks", report.numGpuBlocks());
    doc.put("steps", report.steps());
    doc.put("clock", report.clock().id());
    doc.put("idle", idlePolicy.id());
    // the profile's error on the sweep's reference steps re-timed now: the machine's drift since calibrate
    ObjectNode probe = doc.putObject("reference_steps_relative_error");
    probe.put("before", report.probeErrorBefore());
    probe.put("after", report.probeErrorAfter());
    // the profile on the run's own steps (all / with a prefill chunk / decode only)
    ObjectNode own = doc.putObject("executor_steps_relative_error");
    own.put("all", report.stepTimeError(step -> true));
    own.put("with_prefill", report.stepTimeError(step -> step.prefillTokens().length > 0));
    own.put("decode_only", report.stepTimeError(step -> step.prefillTokens().length == 0));
    doc.put("executor_wall_s", report.wallSeconds());
    doc.set("spec", mapper.valueToTree(report.spec()));
    if (out != null) {
      mapper.writeValue(out.toFile(), doc);
    }
    if (stepsOut != null) {
      writeSteps(report);
    }
    if (json) {
      if (out != null) {
        System.err.println("report written: " + out);
      } else {
        System.out.println(mapper.writeValueAsString(doc));
      }
      return 0;
    }
    System.out.printf(Locale.ROOT, "%s on %s (%s), profile %s; executor: %d steps in %.1f s, %s clock, idle %s%n",
        report.spec().model(), report.spec().hardware(), report.device(), profile, report.steps(), report.wallSeconds(),
        report.clock().id(), idlePolicy.id());
    System.out.printf(Locale.ROOT, "reference steps re-timed now: the profile is off by %+.1f%% before and %+.1f%% "
        + "after the run (the machine's drift since calibrate; 0 when it runs as it did then)%n",
        100 * report.probeErrorBefore(), 100 * report.probeErrorAfter());
    System.out.printf(Locale.ROOT, "the profile on this run's own %d steps: %+.1f%% (with a prefill chunk %+.1f%%, "
        + "decode only %+.1f%%)%n", report.steps(), 100 * report.stepTimeError(step -> true),
        100 * report.stepTimeError(step -> step.prefillTokens().length > 0),
        100 * report.stepTimeError(step -> step.prefillTokens().length == 0));
    System.out.printf(Locale.ROOT, "last two columns: the prediction again with every step %.3f× its calibrated time "
        + "(the reference steps' measured / predicted), to tell the model's error from the machine's drift%n",
        report.speedFactor());
    System.out.printf(Locale.ROOT, "%-24s %14s %14s %10s %14s %10s%n", "key", "measured", "predicted", "rel. error",
        "at speed", "rel. error");
    for (String key : Validator.KEYS) {
      System.out.printf(Locale.ROOT, "%-24s %14s %14s %10s %14s %10s%n", key, number(report.measured().get(key)),
          number(report.predicted().get(key)), percent(report.relativeError().get(key)),
          number(report.predictedAtMeasuredSpeed().get(key)), percent(report.relativeErrorAtMeasuredSpeed().get(key)));
    }
    return 0;
  }

  private static String percent(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%+.1f%%", 100 * v);
  }

  private void writeSteps(Validator.Report report) throws java.io.IOException {
    try (java.io.PrintWriter w = new java.io.PrintWriter(Files.newBufferedWriter(stepsOut))) {
      w.println("start_ms,num_prefill,prefill_tokens,prefill_context,num_decode,decode_context_sum,step_ns,forward_wall_ns,"
          + "predicted_ns");
      for (int i = 0; i < report.stepRecords().size(); i++) {
        var s = report.stepRecords().get(i);
        long decodeSum = 0;
        for (int c : s.decodeContext()) {
          decodeSum += c;
        }
        w.printf(Locale.ROOT, "%.3f,%d,%s,%s,%d,%d,%d,%d,%.0f%n", s.startNs() / 1e6, s.prefillTokens().length,
            join(s.prefillTokens()), join(s.prefillContext()), s.decodeContext().length, decodeSum, s.stepNs(),
            s.wallNs(), report.stepPredictedNs()[i]);
      }
    }
  }

  private static String join(int[] values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ";").append(values[i]);
    }
    return sb.toString();
  }

  private static String number(Object v) {
    return v instanceof Number n ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : String.valueOf(v);
  }
}
