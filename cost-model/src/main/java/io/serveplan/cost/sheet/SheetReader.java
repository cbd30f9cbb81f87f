package io.serveplan.cost.sheet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.serveplan.cost.price.PricingTier;
import io.serveplan.hardware.Dtype;
import io.serveplan.simulator.spec.ArrivalProcess;
import io.serveplan.simulator.spec.FieldError;
import io.serveplan.simulator.spec.SloSpec;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WorkloadSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a workload sheet (YAML or JSON). Errors are a {@link SpecException} listing every {@link
 * FieldError}: the dotted field, what is wrong and the allowed values, as {@link SpecReader} does.
 * The {@code workload} block is read by {@link SpecReader#workloadFromTree}.
 */
public final class SheetReader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> TOP =
      List.of("workload", "peak_rate", "peak_hours_per_day", "slo", "privacy", "availability",
          "candidates", "pricing", "target_utilization", "scale_down", "allow_batch", "ops_usd_per_month",
          "peak_billing", "think_time_s");
  private static final List<String> CANDIDATES =
      List.of("models", "hardware", "apis", "engines", "weights_dtypes");
  private static final List<String> RATE_ARRIVALS = WorkloadSpec.RATE_ARRIVALS;
  /** Every arrival process but offline (which gives no rate to plan for). */
  private static final List<String> SHEET_ARRIVALS = WorkloadSpec.ARRIVALS.stream()
      .filter(a -> !a.equals(ArrivalProcess.OFFLINE.id())).toList();
  private static final List<String> SHEET_DTYPES = java.util.stream.Stream.of(Dtype.BF16, Dtype.FP8, Dtype.INT8,
      Dtype.INT4, Dtype.FP4, Dtype.MXFP4).map(Dtype::id).toList();

  private SheetReader() {}

  public static WorkloadSheet read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new SpecException("spec", "cannot read " + file + ": " + e.getMessage());
    }
  }

  public static WorkloadSheet parse(String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (IOException e) {
      throw new SpecException("spec", "not valid YAML/JSON: " + e.getMessage());
    }
    return fromTree(root);
  }

  public static WorkloadSheet fromTree(JsonNode root) {
    List<FieldError> errors = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new SpecException("spec", "expected a workload sheet (a mapping with workload, slo, candidates, ...)");
    }
    unknown(root, "", TOP, errors);
    WorkloadSpec workload = null;
    String conversion = null;
    double think = number(root, "think_time_s", 0, 0, 86_400, errors);
    JsonNode w = root.get("workload");
    if (w == null || !w.isObject()) {
      errors.add(new FieldError("workload", "missing: the workload block of a what-if spec is required"));
    } else {
      try {
        workload = SpecReader.workloadFromTree(w, "workload");
        if (!SHEET_ARRIVALS.contains(workload.arrival())) {
          errors.add(new FieldError("workload.arrival",
              "'" + workload.arrival() + "' gives no average rate to plan for", SHEET_ARRIVALS));
          workload = null;
        } else if (RATE_ARRIVALS.contains(workload.arrival()) && !(workload.rate() > 0)) {
          errors.add(new FieldError("workload.rate", "must be > 0 requests per second, got " + workload.rate()));
        }
      } catch (SpecException e) {
        errors.addAll(e.errors());
      }
    }
    SheetPricing sp = SheetPricing.of(root, errors);
    SloSpec slo = slo(root, errors);
    if (workload != null && errors.isEmpty()) {
      WorkloadConversion conv = WorkloadConversion.of(workload, think, slo);
      workload = conv.openLoop();
      conversion = conv.description();
    }
    double rate = workload == null ? 1 : workload.rate();
    double peakRate = number(root, "peak_rate", rate, 0, Double.MAX_VALUE, errors);
    if (workload != null && peakRate < rate) {
      errors.add(new FieldError("peak_rate",
          "must be >= workload.rate (" + rate + " requests/s, the daily average), got " + peakRate));
    }
    double peakHours = number(root, "peak_hours_per_day", peakRate > rate ? 8 : 24, 0, 24, errors);

    double attainment = 0.95;
    JsonNode s = root.get("slo");
    if (s != null && s.isObject()) {
      attainment = number(s, "attainment", 0.95, 0.5, 1.0, errors, "slo.");
    }
    String privacy = choice(root, "privacy", "any", WorkloadSheet.PRIVACY, errors);
    double availability = number(root, "availability", 0.99, 0.5, 0.99999, errors);
    WorkloadSheet.Candidates candidates = candidates(root.get("candidates"), errors);
    double util = number(root, "target_utilization", 0.7, 0.05, 1.0, errors);
    boolean scaleDown = bool(root, "scale_down", true, errors);
    boolean allowBatch = bool(root, "allow_batch", false, errors);
    double ops = number(root, "ops_usd_per_month", 0, 0, Double.MAX_VALUE, errors);
    if (!errors.isEmpty()) {
      throw new SpecException(errors);
    }
    return new WorkloadSheet(workload, peakRate, peakHours, slo, attainment, privacy, availability,
        candidates, sp.tier(), util, scaleDown, allowBatch, ops, sp.providers(), sp.minBillingHours(),
        sp.scaleUpLeadMinutes(), conversion);
  }

  private static SloSpec slo(JsonNode root, List<FieldError> errors) {
    JsonNode s = root.get("slo");
    if (s == null || s.isNull()) {
      return SloSpec.defaults();
    }
    if (!s.isObject()) {
      errors.add(new FieldError("slo", "must be a mapping {ttft_ms, tpot_ms, attainment}"));
      return SloSpec.defaults();
    }
    ObjectNode copy = ((ObjectNode) s).deepCopy();
    copy.remove("attainment");
    try {
      return SpecReader.sloFromTree(copy, "slo");
    } catch (SpecException e) {
      errors.addAll(e.errors());
      return SloSpec.defaults();
    }
  }

  private static WorkloadSheet.Candidates candidates(JsonNode c, List<FieldError> errors) {
    if (c == null || !c.isObject()) {
      errors.add(new FieldError("candidates", "missing: name at least one catalog model in candidates.models"));
      return new WorkloadSheet.Candidates(List.of(), List.of(), "all", List.of(), List.of(), List.of());
    }
    unknown(c, "candidates.", CANDIDATES, errors);
    List<String> models = strings(c, "models", errors);
    if (models.isEmpty() && errors.stream().noneMatch(e -> e.field().startsWith("candidates.models"))) {
      errors.add(new FieldError("candidates.models", "name at least one catalog model id"));
    }
    List<String> hardware = strings(c, "hardware", errors);
    String apis = "all";
    List<String> apiIds = List.of();
    JsonNode a = c.get("apis");
    if (a != null && !a.isNull()) {
      if (a.isTextual() && (a.asText().equals("all") || a.asText().equals("none"))) {
        apis = a.asText();
      } else if (a.isArray()) {
        apis = "list";
        apiIds = strings(c, "apis", errors);
      } else {
        errors.add(new FieldError("candidates.apis", "'" + a.asText() + "' is not allowed",
            List.of("all", "none", "a list of API ids")));
      }
    }
    List<String> engines = strings(c, "engines", errors);
    List<String> dtypes = strings(c, "weights_dtypes", errors);
    for (int i = 0; i < dtypes.size(); i++) {
      if (!SHEET_DTYPES.contains(dtypes.get(i))) {
        errors.add(new FieldError("candidates.weights_dtypes[" + i + "]",
            "unknown dtype '" + dtypes.get(i) + "'", SHEET_DTYPES));
      }
    }
    return new WorkloadSheet.Candidates(models, hardware, apis, apiIds, engines, dtypes);
  }

  static void unknown(JsonNode n, String prefix, List<String> allowed, List<FieldError> errors) {
    Set<String> ok = Set.copyOf(allowed);
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!ok.contains(f)) {
        errors.add(new FieldError(prefix + f, "unknown field", allowed));
      }
    }
  }

  private static List<String> strings(JsonNode parent, String field, List<FieldError> errors) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      errors.add(new FieldError("candidates." + field, "must be a list of ids, e.g. [" + example(field) + "]"));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isTextual() || n.get(i).asText().isBlank()) {
        errors.add(new FieldError("candidates." + field + "[" + i + "]", "must be an id"));
      } else {
        out.add(n.get(i).asText());
      }
    }
    return out;
  }

  private static String example(String field) {
    return switch (field) {
      case "models" -> "llama-3.1-8b";
      case "hardware" -> "h100-sxm";
      case "engines" -> "vllm";
      default -> "bf16";
    };
  }

  static double number(JsonNode n, String field, double dflt, double min, double max, List<FieldError> errors) {
    return number(n, field, dflt, min, max, errors, "");
  }

  static double number(
      JsonNode n, String field, double dflt, double min, double max, List<FieldError> errors, String prefix) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isNumber()) {
      errors.add(new FieldError(prefix + field, "must be a number, got '" + v.asText() + "'"));
      return dflt;
    }
    double d = v.asDouble();
    if (d < min || d > max) {
      errors.add(new FieldError(prefix + field,
          "must be in [" + fmt(min) + ", " + (max == Double.MAX_VALUE ? "∞" : fmt(max)) + "], got " + fmt(d)));
      return dflt;
    }
    return d;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  static String choice(JsonNode n, String field, String dflt, List<String> allowed, List<FieldError> errors) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isTextual() || !allowed.contains(v.asText())) {
      errors.add(new FieldError(field, "'" + v.asText() + "' is not allowed", allowed));
      return dflt;
    }
    return v.asText();
  }

  private static boolean bool(JsonNode n, String field, boolean dflt, List<FieldError> errors) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      errors.add(new FieldError(field, "must be true or false, got '" + v.asText() + "'"));
      return dflt;
    }
    return v.asBoolean();
  }
}
