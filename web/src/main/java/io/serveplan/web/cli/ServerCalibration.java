package io.serveplan.web.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serveplan.executor.bench.BenchServe;
import io.serveplan.executor.bench.MeasuredRun;
import io.serveplan.executor.calibration.FitQuality;
import io.serveplan.executor.calibration.ServerCalibrator;
import io.serveplan.executor.calibration.ServerFit;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.ModelSpec;
import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.timing.CalibrationProfile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code calibrate --backend openai} (a plan run against a live server) and {@code calibrate
 * --from} (results measured earlier): both fit with {@link ServerFit} and write a calibration
 * profile in the usual format plus a {@code provenance} block — engine and version, GPU, date,
 * the plan with each point's workload, measurements and fit error, and the fit error per metric.
 */
final class ServerCalibration {

  private static final ObjectMapper JSON = JsonCodec.snakeCaseMapper();

  private ServerCalibration() {}

  /** The base spec: the given file's engine and slo, with model, hardware and tp set. */
  static WhatIfSpec baseSpec(Path spec, String model, String hardware, Integer tp, String engine) throws IOException {
    ObjectNode tree = spec != null ? (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper(
        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(Files.readString(spec))
        : JSON.createObjectNode();
    tree.put("model", model);
    tree.put("hardware", hardware);
    if (tp != null) {
      tree.put("tensor_parallel", tp);
    }
    if (engine != null) {
      (tree.has("engine") ? (ObjectNode) tree.get("engine") : tree.putObject("engine")).put("preset", engine);
    }
    tree.remove("calibration");
    return SpecReader.fromTree(io.serveplan.hardware.document.Document.of(tree));
  }

  static Duration budget(String text) {
    Matcher m = Pattern.compile("(\\d+)\\s*(s|m|h)?").matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("--budget: '" + text + "' is not a duration; e.g. 90s, 15m, 1h");
    }
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
    if (d.getSeconds() < 10 || d.toHours() > 24) {
      throw new IllegalArgumentException("--budget: " + text + " is outside 10s..24h");
    }
    return d;
  }

  /** The server's max_model_len from /v1/models (vLLM, SGLang, serve-model), else the model's context. */
  static int maxModelLen(URI baseUrl, String servedModel, ModelSpec spec) {
    String base = baseUrl.toString().replaceAll("/+$", "").replaceAll("/v1$", "");
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/v1/models"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      for (JsonNode m : JSON.readTree(r.body()).path("data")) {
        if (m.path("id").asText().equals(servedModel) && m.path("max_model_len").isInt()) {
          return m.get("max_model_len").asInt();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("--base-url: cannot reach " + base + "/v1/models: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return spec.maxPositionEmbeddings();
  }

  static int fromServer(URI baseUrl, String servedModel, WhatIfSpec base, GpuSpec hardware, Catalog catalog,
      Duration budget, String engine, Path out, CalibrateCommand command) throws IOException {
    ModelSpec model = catalog.model(base.model());
    int maxModelLen = maxModelLen(baseUrl, servedModel, model);
    BenchServe.Options options = new BenchServe.Options(baseUrl, servedModel, "completions", 0, 256,
        Duration.ofSeconds(Math.max(60, budget.getSeconds())), "calibrate");
    System.err.printf(Locale.ROOT, "calibrate: plan against %s (%s, max_model_len %d), budget %d s%n", baseUrl,
        servedModel, maxModelLen, budget.getSeconds());
    ServerCalibrator.Measurement m = ServerCalibrator.measure(options, model.vocabSize(), maxModelLen, budget,
        base.slo(), System.err::println);
    ServerFit.Outcome fit = fitAndReport(m.points(), base, hardware, catalog, out);
    ObjectNode provenance = provenance(fit, m.points(), base, engine,
        m.serverVersion().map(v -> (JsonNode) JSON.valueToTree(v)));
    provenance.put("base_url", baseUrl.toString());
    provenance.put("served_model", servedModel);
    provenance.put("budget_s", budget.getSeconds());
    provenance.put("plan_wall_s", m.wallSeconds());
    provenance.put("measured_capacity_rps", m.capacityRps());
    provenance.put("capacity_shape", m.capacityShape());
    System.out.printf(Locale.ROOT, "measured capacity (concurrency sweep, %s): %.2f req/s%n", m.capacityShape(),
        m.capacityRps());
    return keep(command, out, fit.profile(), provenance);
  }

  static int fromFiles(List<Path> files, WhatIfSpec base, GpuSpec hardware, Catalog catalog, String engine, Path out,
      CalibrateCommand command) throws IOException {
    List<ServerFit.Point> points = new ArrayList<>();
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new IllegalArgumentException("--from: no such file: " + f);
      }
      points.add(new ServerFit.Point(f.getFileName().toString(), MeasuredRun.read(f, 0)));
    }
    ServerFit.Outcome fit = fitAndReport(points, base, hardware, catalog, out);
    ObjectNode provenance = provenance(fit, points, base, engine, Optional.empty());
    ArrayNode sources = provenance.putArray("from");
    files.forEach(f -> sources.add(f.toString()));
    return keep(command, out, fit.profile(), provenance);
  }

  /** Writes the profile unless the fit is too poor to keep (see {@link FitQuality}) and --force is not given. */
  private static int keep(CalibrateCommand command, Path out, CalibrationProfile profile, ObjectNode provenance)
      throws IOException {
    Optional<String> poor = FitQuality.problem(profile);
    if (poor.isEmpty() || command.force) {
      write(out, profile, provenance);
    }
    return command.keptOrRefused(poor, out);
  }

  private static ServerFit.Outcome fitAndReport(List<ServerFit.Point> points, WhatIfSpec base, GpuSpec hardware,
      Catalog catalog, Path out) {
    System.err.printf(Locale.ROOT, "calibrate: fitting %d measured runs by simulation in the loop (BOBYQA)%n",
        points.size());
    long t0 = System.nanoTime();
    ServerFit.Outcome fit = ServerFit.fit(points, base, hardware, catalog, hardware.id() + "-openai-" + base.model(),
        600);
    var c = fit.profile().coefficients();
    System.out.printf(Locale.ROOT, "fitted %s on %s from %d runs in %.0f s (%d simulations per run)%n", base.model(),
        hardware.id(), points.size(), (System.nanoTime() - t0) / 1e9, fit.evaluations());
    System.out.printf(Locale.ROOT, "coefficients: compute %.3f, memory %.3f, attention %.3f, step %.1f us, "
            + "sequence %.1f us, kv token %.1f ns/layer%n", c.computeEfficiency(), c.memoryEfficiency(),
        c.attentionEfficiency(), c.perStepOverheadUs(), c.perSequenceOverheadUs(), c.perKvTokenOverheadNs());
    for (Map.Entry<String, Double> e : fit.errorPerMetric().entrySet()) {
      System.out.printf(Locale.ROOT, "fit error %-20s %5.1f%% (mean absolute over the plan)%n", e.getKey(),
          100 * e.getValue());
    }
    System.out.printf(Locale.ROOT, "R² %.4f   mean abs relative error %.1f%%%n", fit.profile().r2(),
        100 * fit.profile().meanAbsRelError());
    return fit;
  }

  private static ObjectNode provenance(ServerFit.Outcome fit, List<ServerFit.Point> points, WhatIfSpec base,
      String engine, Optional<JsonNode> version) {
    ObjectNode p = JSON.createObjectNode();
    p.put("engine", version.map(v -> v.path("engine").asText(engine)).orElse(engine));
    p.put("engine_version", version.map(v -> v.path("version").asText()).orElse(null));
    version.ifPresent(v -> p.set("server_version_document", v));
    p.put("gpu", base.hardware());
    p.put("tensor_parallel", base.tensorParallel());
    p.put("date", Instant.now().toString());
    p.put("optimizer", "BOBYQA (Apache Commons Math), 3 starts, simulation in the loop");
    p.set("fit_error_per_metric", JSON.valueToTree(fit.errorPerMetric()));
    ArrayNode plan = p.putArray("plan");
    for (ServerFit.Point pt : points) {
      ObjectNode n = plan.addObject();
      n.put("name", pt.name());
      n.set("workload", JSON.valueToTree(pt.run().workload()));
      ObjectNode measured = n.putObject("measured");
      for (String key : ServerFit.METRICS) {
        java.util.OptionalDouble v = pt.run().metrics().value(key);
        if (v.isPresent()) {
          measured.put(key, v.getAsDouble());
        } else {
          measured.putNull(key);
        }
      }
      n.set("relative_error", JSON.valueToTree(fit.errorPerPoint().get(pt.name())));
    }
    return p;
  }

  private static void write(Path out, CalibrationProfile profile, ObjectNode provenance) throws IOException {
    ObjectNode doc = (ObjectNode) JSON.readTree(profile.toJson());
    doc.set("provenance", provenance);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n");
  }
}
