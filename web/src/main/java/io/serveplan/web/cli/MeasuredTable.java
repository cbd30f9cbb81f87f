package io.serveplan.web.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serveplan.executor.bench.MeasuredRun;
import io.serveplan.executor.bench.MeasuredValidation;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.timing.CalibrationProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code validate --measured}: a measured run and the simulator's prediction, key by key. */
final class MeasuredTable {

  private final Path measured;
  private final int benchmark;
  private final Path spec;
  private final Path profile;
  private final Path catalogDir;
  private final Path out;

  MeasuredTable(Path measured, int benchmark, Path spec, Path profile, Path catalogDir, Path out) {
    this.measured = measured;
    this.benchmark = benchmark;
    this.spec = spec;
    this.profile = profile;
    this.catalogDir = catalogDir;
    this.out = out;
  }

  int print(boolean json) throws IOException {
    if (!Files.isRegularFile(measured)) {
      throw new IllegalArgumentException("--measured: no such file: " + measured);
    }
    if (profile != null && !Files.isRegularFile(profile)) {
      throw new IllegalArgumentException("--profile: no such file: " + profile);
    }
    MeasuredRun run = MeasuredRun.read(measured, benchmark);
    Optional<CalibrationProfile> p = profile == null ? Optional.empty() : Optional.of(CalibrationProfile.read(profile));
    MeasuredValidation.Report report = MeasuredValidation.compare(run, SpecReader.read(spec),
        Catalog.fromEnvironment(Optional.ofNullable(catalogDir)), p);
    ObjectMapper mapper = JsonCodec.snakeCaseMapper();
    ObjectNode doc = mapper.createObjectNode();
    doc.put("measured_file", measured.toString());
    doc.put("format", run.format());
    Map<String, Double> measuredValues = new java.util.LinkedHashMap<>();
    run.metrics().toMap().forEach((k, v) -> measuredValues.put(k, ((Number) v).doubleValue()));
    doc.set("measured", mapper.valueToTree(measuredValues));
    doc.set("predicted", mapper.valueToTree(report.predicted()));
    doc.set("relative_error", mapper.valueToTree(report.relativeError()));
    doc.put("profile", profile == null ? null : profile.toString());
    doc.set("spec", mapper.valueToTree(report.spec()));
    if (out != null) {
      mapper.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), doc);
    }
    if (json) {
      if (out != null) {
        System.err.println("report written: " + out);
      } else {
        System.out.println(mapper.writeValueAsString(doc));
      }
      return 0;
    }
    System.out.printf(Locale.ROOT, "measured: %s (%s, model %s, %d prompts, %d failed); predicted: %s on %s%s%n",
        measured, run.format(), run.model(), run.numPrompts(), run.failed(), report.spec().model(),
        report.spec().hardware(), profile != null ? " with profile " + profile : "");
    System.out.printf(Locale.ROOT, "%-24s %14s %14s %10s%n", "key", "measured", "predicted", "rel. error");
    for (Map.Entry<String, Double> e : measuredValues.entrySet()) {
      Double predicted = report.predicted().get(e.getKey());
      Double error = report.relativeError().get(e.getKey());
      System.out.printf(Locale.ROOT, "%-24s %14.3f %14s %10s%n", e.getKey(), e.getValue(),
          predicted == null ? "-" : String.format(Locale.ROOT, "%.3f", predicted),
          error == null ? "-" : String.format(Locale.ROOT, "%+.1f%%", 100 * error));
    }
    return 0;
  }
}
