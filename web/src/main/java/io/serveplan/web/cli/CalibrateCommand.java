package io.serveplan.web.cli;

import io.serveplan.executor.Backend;
import io.serveplan.executor.Backends;
import io.serveplan.executor.ExecutorException;
import io.serveplan.executor.calibration.Calibrator;
import io.serveplan.executor.calibration.FitQuality;
import io.serveplan.executor.IdlePolicy;
import io.serveplan.executor.engine.EngineClock;
import io.serveplan.executor.hardware.LocalCpuProfile;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.ModelSpec;
import io.serveplan.simulator.timing.CalibrationProfile;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serveplan calibrate}: Measure step times on a real backend and fit a calibration profile. */
@Command(name = "calibrate", description = "Measure step times on a real backend and fit a calibration profile.")
final class CalibrateCommand implements Callable<Integer> {

  @Option(names = "--backend", defaultValue = "cpu", description = "cpu | cuda | openai (a live OpenAI-compatible "
      + "server at --base-url) (default: cpu)")
  String backend;

  @Option(names = "--base-url", description = "with --backend openai: the server, e.g. http://gpu-host:8000")
  String baseUrl;

  @Option(names = "--served-model-name", description = "with --backend openai: the model name the server serves "
      + "(default: --model)")
  String servedModelName;

  @Option(names = "--budget", defaultValue = "15m", description = "with --backend openai: time for the plan, e.g. "
      + "90s, 15m (default: 15m)")
  String budget;

  @Option(names = "--spec", description = "with --backend openai or --from: a spec whose engine block (and slo) "
      + "describe the server; model, hardware and tp come from the options")
  Path baseSpec;

  @Option(names = "--tp", description = "with --backend openai or --from: tensor parallel size of the server")
  Integer tp;

  @Option(names = "--engine", description = "with --backend openai or --from: engine preset id, e.g. vllm, sglang")
  String engine;

  @Option(names = "--from", arity = "1..*", description = "fit from results measured earlier (vllm bench serve, "
      + "bench-serve or GuideLLM JSON), one or more files")
  java.util.List<Path> from;

  @Option(names = "--model", required = true, description = "catalog model id, e.g. stories-42m")
  String model;

  @Option(names = "--out", description = "profile JSON (default: calibration/<hardware>-<backend>-<model>.json in the "
      + "data directory)")
  Path out;

  @Option(names = "--force", description = "keep a fit whose R² is below 0.9 or whose mean error is above 15%% "
      + "(refused by default)")
  boolean force;

  @picocli.CommandLine.Mixin
  DataDir dataDir = new DataDir();

  @Option(names = "--dataset", description = "dataset CSV (default: the profile path with .csv)")
  Path dataset;

  @Option(names = "--hardware", description = "hardware id the profile belongs to (default: cpu-local for cpu; "
      + "required for cuda: a catalog GPU id)")
  String hardware;

  @Option(names = "--hardware-profile", description = "cpu-local measurement file, measured and kept there when "
      + "missing (default: hardware/cpu-local.json in the data directory)")
  Path hardwareProfile;

  @Option(names = "--repetitions", defaultValue = "5", description = "timed runs per step shape (default: 5)")
  int repetitions;

  @Option(names = "--idle", defaultValue = "spin", description = "spin | sleep: how the executor waits between "
      + "requests and between operators; spin polls like a dedicated server (steps after an idle gap are not "
      + "slowed by waking halted cores), sleep parks; calibrate and validate with the same (default: spin)")
  String idle;

  @Option(names = "--clock", defaultValue = "wall", description = "wall | cpu: time steps on the wall clock, or by "
      + "the engine thread's CPU time (robust on a shared machine; validate with the same clock) (default: wall)")
  String clock;

  @Option(names = "--catalog-dir", description = "directory of user catalog files (default: $SERVEPLAN_CATALOG)")
  Path catalogDir;

  @Override
  public Integer call() throws java.io.IOException {
    if (backend.equals("openai") || from != null) {
      return calibrateServer();
    }
    if (!Backends.IDS.contains(backend)) {
      throw new IllegalArgumentException("--backend: unknown backend '" + backend + "'; allowed: cpu, cuda, openai");
    }
    if (repetitions < 1 || repetitions > 50) {
      throw new IllegalArgumentException("--repetitions: " + repetitions + " is outside 1..50");
    }
    EngineClock.parse("--clock", clock);
    IdlePolicy idlePolicy = IdlePolicy.parse("--idle", idle);
    Catalog catalog = Catalog.fromEnvironment(Optional.ofNullable(catalogDir));
    ModelSpec spec = catalog.model(model);
    Backend opened;
    try {
      opened = Backends.open(backend);
    } catch (ExecutorException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    GpuSpec device;
    try {
      device = hardwareFor(catalog);
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
    Path profilePath = out != null ? out
        : dataDir.path().resolve("calibration").resolve(Calibrator.profileId(device.id(), backend, model,
            EngineClock.parse("--clock", clock)).replace('@', '-') + ".json");
    Path csvPath = dataset != null ? dataset : withExtension(profilePath, ".csv");

    long t0 = System.nanoTime();
    Calibrator.Outcome outcome;
    try (Backend b = opened) {
      Calibrator.Options defaults = Calibrator.Options.defaults();
      outcome = Calibrator.calibrate(b, spec, device,
          new Calibrator.Options(repetitions, defaults.maxContextTokens(), defaults.blockSize(),
              defaults.maxBatchTokens(), defaults.seed(), EngineClock.parse("--clock", clock), idlePolicy),
          System.err::println);
    }
    Calibrator.writeDataset(csvPath, outcome);
    CalibrationProfile profile = outcome.profile();
    Optional<String> poor = FitQuality.problem(profile);
    if (poor.isEmpty() || force) {
      profile.write(profilePath);
    }
    var c = profile.coefficients();
    System.out.printf(Locale.ROOT, "calibrated %s on %s (%s backend): %d timed steps in %.0f s%n",
        model, device.id(), backend, profile.samples(), (System.nanoTime() - t0) / 1e9);
    System.out.printf(Locale.ROOT, "R² %.4f   mean abs relative error %.1f%%%n", profile.r2(),
        100 * profile.meanAbsRelError());
    System.out.printf(Locale.ROOT, "coefficients: compute %.3f, memory %.3f, attention %.3f, step %.1f us, "
            + "sequence %.1f us, token %.2f us, kv token %.1f ns/layer%n", c.computeEfficiency(), c.memoryEfficiency(),
        c.attentionEfficiency(), c.perStepOverheadUs(), c.perSequenceOverheadUs(), c.perTokenOverheadUs(),
        c.perKvTokenOverheadNs());
    System.out.println("dataset: " + csvPath);
    return keptOrRefused(poor, profilePath);
  }

  /** Exit code and last line of a fit: saved, saved under --force, or refused (exit 1). */
  int keptOrRefused(Optional<String> poor, Path profilePath) {
    if (poor.isEmpty()) {
      System.out.println("profile: " + profilePath);
      return 0;
    }
    if (force) {
      System.out.println("profile: " + profilePath + " (kept under --force although " + poor.get() + ")");
      return 0;
    }
    System.err.println("error: calibration failed: " + poor.get() + "; the profile was not saved (the measurements "
        + "are; pass --force to keep the fit anyway)");
    return 1;
  }

  private int calibrateServer() throws java.io.IOException {
    if (hardware == null) {
      throw new IllegalArgumentException("--hardware: required with --backend openai and --from (a catalog GPU id, "
          + "e.g. h100-sxm, or cpu-local)");
    }
    Catalog catalog = Catalog.fromEnvironment(Optional.ofNullable(catalogDir));
    catalog.model(model);
    GpuSpec device = hardware.equals(LocalCpuProfile.ID) ? cpuLocal() : catalog.gpu(hardware);
    io.serveplan.simulator.spec.WhatIfSpec base = ServerCalibration.baseSpec(baseSpec, model, device.id(), tp, engine);
    Path profilePath = out != null ? out
        : dataDir.path().resolve("calibration").resolve(device.id() + "-openai-" + model + ".json");
    String engineId = engine != null ? engine : base.engine().preset();
    if (from != null) {
      return ServerCalibration.fromFiles(from, base, device, catalog.withGpu(device), engineId, profilePath, this);
    }
    if (baseUrl == null) {
      throw new IllegalArgumentException("--base-url: required with --backend openai (e.g. http://gpu-host:8000)");
    }
    java.net.URI uri;
    try {
      uri = java.net.URI.create(baseUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--base-url: not a URL: " + baseUrl);
    }
    return ServerCalibration.fromServer(uri, servedModelName != null ? servedModelName : model, base, device,
        catalog.withGpu(device), ServerCalibration.budget(budget), engineId, profilePath, this);
  }

  private GpuSpec hardwareFor(Catalog catalog) {
    if (backend.equals("cuda")) {
      if (hardware == null) {
        throw new IllegalArgumentException("--hardware: required with --backend cuda (a catalog GPU id, e.g. h100-sxm)");
      }
      return catalog.gpu(hardware);
    }
    if (hardware != null && !hardware.equals(LocalCpuProfile.ID)) {
      throw new IllegalArgumentException("--hardware: the cpu backend runs on cpu-local, not '" + hardware + "'");
    }
    return cpuLocal();
  }

  private GpuSpec cpuLocal() {
    Path file = hardwareProfile != null ? hardwareProfile : LocalCpuProfile.fileIn(dataDir.path());
    boolean fresh = !file.toFile().isFile();
    if (fresh) {
      System.err.println("measuring cpu-local (stream bandwidth, FMA peak); kept in " + file);
    }
    LocalCpuProfile local = LocalCpuProfile.obtain(file);
    System.err.printf(Locale.ROOT, "cpu-local: read %.1f GB/s, FMA peak %.1f GFLOP/s, %d threads (%s)%n",
        local.readGbps(), local.fmaGflops(), local.threads(), fresh ? "measured now" : "from " + file);
    return local.toGpuSpec();
  }

  static Path withExtension(Path p, String ext) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return p.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ext);
  }
}
