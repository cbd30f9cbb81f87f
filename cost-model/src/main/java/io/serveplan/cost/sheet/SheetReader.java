package io.serveplan.cost.sheet;

import io.serveplan.hardware.Dtype;
import io.serveplan.hardware.document.Document;
import io.serveplan.hardware.document.DocumentException;
import io.serveplan.hardware.document.Fields;
import io.serveplan.hardware.document.Range;
import io.serveplan.simulator.spec.ArrivalProcess;
import io.serveplan.simulator.spec.SloSpec;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WorkloadSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a workload sheet (YAML or JSON) with the shared document reader. Errors are one {@link
 * SpecException} listing every {@code FieldError}: the dotted field, what is wrong and the allowed
 * values, as {@link SpecReader} does. The {@code workload} and {@code slo} blocks are read by
 * {@link SpecReader#workload} and {@link SpecReader#slo}, on the same cursor.
 */
public final class SheetReader {

  private static final List<String> TOP =
      List.of("workload", "peak_rate", "peak_hours_per_day", "slo", "privacy", "availability",
          "candidates", "pricing", "target_utilization", "scale_down", "allow_batch", "ops_usd_per_month",
          "peak_billing", "think_time_s", "calibrations");
  private static final List<String> RATE_ARRIVALS = WorkloadSpec.RATE_ARRIVALS;
  /** Every arrival process but offline (which gives no rate to plan for). */
  private static final List<String> SHEET_ARRIVALS = WorkloadSpec.ARRIVALS.stream()
      .filter(a -> !a.equals(ArrivalProcess.OFFLINE.id())).toList();
  private static final List<String> SHEET_DTYPES =
      Stream.of(Dtype.BF16, Dtype.FP8, Dtype.INT8, Dtype.INT4, Dtype.FP4, Dtype.MXFP4).map(Dtype::id).toList();
  private static final List<String> API_CHOICES = List.of("all", "none");

  private SheetReader() {}

  public static WorkloadSheet read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new SpecException("spec", "cannot read " + file + ": " + e.getMessage());
    }
  }

  public static WorkloadSheet parse(String text) {
    try {
      return fromTree(Document.parse(text, "spec"));
    } catch (SpecException e) {
      throw e;
    } catch (DocumentException e) {
      throw new SpecException(e.errors());
    }
  }

  public static WorkloadSheet fromTree(Document doc) {
    if (doc.isEmpty() || !doc.isObject()) {
      throw new SpecException("spec", "expected a workload sheet (a mapping with workload, slo, candidates, ...)");
    }
    Fields f = doc.fields();
    f.allow(TOP.toArray(String[]::new));
    double think = f.number("think_time_s", 0.0, Range.closed(0, 86_400));
    WorkloadSpec workload = workload(f);
    SheetPricing sp = SheetPricing.of(f);
    Fields s = f.object("slo");
    double attainment = s.number("attainment", 0.95, Range.closed(0.5, 1.0));
    SloSpec slo = SpecReader.slo(s);
    String conversion = null;
    if (workload != null && f.errorCount() == 0) {
      WorkloadConversion conv = WorkloadConversion.of(workload, think, slo);
      workload = conv.openLoop();
      conversion = conv.description();
    }
    double rate = workload == null ? 1 : workload.rate();
    double peakRate = f.number("peak_rate", rate, Range.atLeast(0));
    if (workload != null && peakRate < rate) {
      f.error("peak_rate", "must be >= workload.rate (" + rate + " requests/s, the daily average), got " + peakRate);
    }
    double peakHours = f.number("peak_hours_per_day", peakRate > rate ? 8.0 : 24.0, Range.closed(0, 24));
    String privacy = f.choice("privacy", "any", WorkloadSheet.PRIVACY);
    double availability = f.number("availability", 0.99, Range.closed(0.5, 0.99999));
    WorkloadSheet.Candidates candidates = candidates(f);
    double util = f.number("target_utilization", 0.7, Range.closed(0.05, 1.0));
    boolean scaleDown = f.bool("scale_down", true);
    boolean allowBatch = f.bool("allow_batch", false);
    double ops = f.number("ops_usd_per_month", 0.0, Range.atLeast(0));
    List<SheetCalibration> calibrations = calibrations(f);
    f.rejectUnknown();
    f.throwIfErrors(SpecException::new);
    return new WorkloadSheet(workload, peakRate, peakHours, slo, attainment, privacy, availability,
        candidates, sp.tier(), util, scaleDown, allowBatch, ops, sp.providers(), sp.minBillingHours(),
        sp.scaleUpLeadMinutes(), conversion, calibrations);
  }

  /**
   * {@code calibrations: [{profile, engine, tensor_parallel}]}: which engine ids exist and whether a
   * profile resolves are the recommender's to check (they depend on the catalog and the server).
   */
  private static List<SheetCalibration> calibrations(Fields f) {
    List<SheetCalibration> out = new ArrayList<>();
    if (!f.present("calibrations")) {
      return out;
    }
    for (Fields c : f.list("calibrations", null)) {
      c.allow("profile", "engine", "tensor_parallel");
      String profile = c.requiredString("profile");
      String engine = c.string("engine", SheetCalibration.DEFAULT_ENGINE);
      Integer tp = c.integer("tensor_parallel", null, 1, 64);
      c.rejectUnknown();
      if (profile != null) {
        out.add(new SheetCalibration(profile, engine, tp));
      }
    }
    return out;
  }

  /** The workload block, or null when it is missing or wrong (its problems are recorded). */
  private static WorkloadSpec workload(Fields f) {
    if (!f.isObject("workload")) {
      f.error("workload", "missing: the workload block of a what-if spec is required");
      return null;
    }
    int before = f.errorCount();
    WorkloadSpec workload = SpecReader.workload(f.object("workload"));
    if (f.errorCount() > before) {
      return null;
    }
    if (!SHEET_ARRIVALS.contains(workload.arrival())) {
      f.error("workload.arrival", "'" + workload.arrival() + "' gives no average rate to plan for", SHEET_ARRIVALS);
      return null;
    }
    if (RATE_ARRIVALS.contains(workload.arrival()) && !(workload.rate() > 0)) {
      f.error("workload.rate", "must be > 0 requests per second, got " + workload.rate());
    }
    return workload;
  }

  private static WorkloadSheet.Candidates candidates(Fields root) {
    if (!root.isObject("candidates")) {
      root.error("candidates", "missing: name at least one catalog model in candidates.models");
      return new WorkloadSheet.Candidates(List.of(), List.of(), "all", List.of(), List.of(), List.of());
    }
    Fields c = root.object("candidates");
    int before = c.errorCount();
    List<String> models = c.strings("models", "[llama-3.1-8b]");
    if (models.isEmpty() && c.errorCount() == before) {
      c.error("models", "name at least one catalog model id");
    }
    List<String> hardware = c.strings("hardware", "[h100-sxm]");
    String apis = "all";
    List<String> apiIds = List.of();
    if (c.isList("apis")) {
      apis = "list";
      apiIds = c.strings("apis", "[groq-llama-3.1-8b-instant]");
    } else {
      String a = c.string("apis", "all");
      if (API_CHOICES.contains(a)) {
        apis = a;
      } else {
        c.error("apis", "unknown value '" + a + "'", List.of("all", "none", "a list of API ids"));
      }
    }
    List<String> engines = c.strings("engines", "[vllm]");
    List<String> dtypes = c.choices("weights_dtypes", SHEET_DTYPES, "[bf16]");
    c.rejectUnknown();
    return new WorkloadSheet.Candidates(models, hardware, apis, apiIds, engines, dtypes);
  }
}
