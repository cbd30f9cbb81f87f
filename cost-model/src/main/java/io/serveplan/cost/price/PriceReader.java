package io.serveplan.cost.price;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads price documents ({@code gpu_prices}, {@code api_prices}, {@code assumptions} lists; YAML or
 * JSON), validating every field. Errors name the file, the entry id and the field.
 */
final class PriceReader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> TOP_LEVEL = List.of("gpu_prices", "api_prices", "assumptions");
  private static final List<String> API_CLASSES = List.of("first-party", "open-host");
  private static final Set<String> GPU_FIELDS =
      Set.of(
          "id", "provider", "gpu", "tier", "usd_per_gpu_hour", "usd_per_gpu_hour_range", "instance",
          "gpus_per_instance", "region", "cold_start_s", "scaledown_window_s", "reference_only",
          "source", "as_of", "notes");
  private static final Set<String> API_FIELDS =
      Set.of(
          "id", "provider", "name", "provider_model", "class", "model", "input_usd_per_mtok",
          "output_usd_per_mtok", "cached_input_usd_per_mtok", "batch_input_usd_per_mtok",
          "batch_output_usd_per_mtok", "max_input_tokens", "source", "as_of", "notes");
  private static final Set<String> ASSUMPTION_FIELDS =
      Set.of("id", "value", "unit", "source", "as_of", "notes");

  record Contents(List<GpuPrice> gpuPrices, List<ApiPrice> apiPrices, List<PriceAssumption> assumptions) {}

  private final String file;
  private final LocalDate today;
  private final int staleAfterDays;

  PriceReader(String file, LocalDate today, int staleAfterDays) {
    this.file = file;
    this.today = today;
    this.staleAfterDays = staleAfterDays;
  }

  Contents read(InputStream in) {
    JsonNode root;
    try {
      root = YAML.readTree(in);
    } catch (IOException e) {
      throw new PriceException(file + ": not valid YAML/JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new PriceException(
          file + ": expected a document with " + String.join(", ", TOP_LEVEL) + " lists");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!TOP_LEVEL.contains(key)) {
        throw new PriceException(
            file + ": unknown top-level field '" + key + "'; allowed: " + String.join(", ", TOP_LEVEL));
      }
    }
    List<GpuPrice> gpus = new ArrayList<>();
    for (JsonNode n : list(root, "gpu_prices")) {
      gpus.add(gpuPrice(new Entry("gpu_prices", n)));
    }
    List<ApiPrice> apis = new ArrayList<>();
    for (JsonNode n : list(root, "api_prices")) {
      apis.add(apiPrice(new Entry("api_prices", n)));
    }
    List<PriceAssumption> assumptions = new ArrayList<>();
    for (JsonNode n : list(root, "assumptions")) {
      assumptions.add(assumption(new Entry("assumptions", n)));
    }
    checkUnique(gpus.stream().map(GpuPrice::id).toList(), "gpu_prices");
    checkUnique(apis.stream().map(ApiPrice::id).toList(), "api_prices");
    checkUnique(assumptions.stream().map(PriceAssumption::id).toList(), "assumptions");
    return new Contents(gpus, apis, assumptions);
  }

  private GpuPrice gpuPrice(Entry e) {
    e.onlyFields(GPU_FIELDS);
    String tierText = e.text("tier", true);
    if (PricingTier.byId(tierText) == null) {
      throw e.error("tier", "unknown tier '" + tierText + "'; allowed: " + String.join(", ", PricingTier.ids()));
    }
    List<Double> range = null;
    JsonNode r = e.node.get("usd_per_gpu_hour_range");
    if (r != null && !r.isNull()) {
      if (!r.isArray() || r.size() != 2 || !r.get(0).isNumber() || !r.get(1).isNumber()
          || r.get(0).asDouble() > r.get(1).asDouble() || r.get(0).asDouble() < 0) {
        throw e.error("usd_per_gpu_hour_range", "must be [low, high] with 0 <= low <= high");
      }
      range = List.of(r.get(0).asDouble(), r.get(1).asDouble());
    }
    boolean serverless = PricingTier.byId(tierText) == PricingTier.SERVERLESS;
    String asOf = e.text("as_of", true);
    return new GpuPrice(
        e.id,
        e.text("provider", true),
        e.text("gpu", true),
        tierText,
        e.positive("usd_per_gpu_hour", true),
        range,
        e.text("instance", false),
        (int) e.positiveOr("gpus_per_instance", 1),
        e.text("region", false),
        serverless ? e.nonNegativeOr("cold_start_s", 15) : null,
        serverless ? e.nonNegativeOr("scaledown_window_s", 60) : null,
        e.bool("reference_only"),
        e.text("source", true),
        asOf,
        e.stale(asOf),
        e.text("notes", false));
  }

  private ApiPrice apiPrice(Entry e) {
    e.onlyFields(API_FIELDS);
    String cls = e.text("class", true);
    if (!API_CLASSES.contains(cls)) {
      throw e.error("class", "unknown class '" + cls + "'; allowed: " + String.join(", ", API_CLASSES));
    }
    String asOf = e.text("as_of", true);
    Double maxInput = e.optionalPositive("max_input_tokens");
    return new ApiPrice(
        e.id,
        e.text("provider", true),
        e.text("name", true),
        e.text("provider_model", false),
        cls,
        e.text("model", false),
        e.nonNegative("input_usd_per_mtok"),
        e.nonNegative("output_usd_per_mtok"),
        e.optionalNonNegative("cached_input_usd_per_mtok"),
        e.optionalNonNegative("batch_input_usd_per_mtok"),
        e.optionalNonNegative("batch_output_usd_per_mtok"),
        maxInput == null ? null : maxInput.longValue(),
        e.text("source", true),
        asOf,
        e.stale(asOf),
        e.text("notes", false));
  }

  private PriceAssumption assumption(Entry e) {
    e.onlyFields(ASSUMPTION_FIELDS);
    String asOf = e.text("as_of", true);
    return new PriceAssumption(
        e.id, e.nonNegative("value"), e.text("unit", false), e.text("source", true), asOf, e.stale(asOf));
  }

  private List<JsonNode> list(JsonNode root, String key) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new PriceException(file + ": '" + key + "' must be a list of entries");
    }
    List<JsonNode> out = new ArrayList<>();
    n.forEach(out::add);
    return out;
  }

  private void checkUnique(List<String> ids, String list) {
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (!seen.add(id)) {
        throw new PriceException(file + ": " + list + ": duplicate id '" + id + "'");
      }
    }
  }

  /** One entry of a list, with error messages that say where it is. */
  private final class Entry {
    final String list;
    final JsonNode node;
    final String id;

    Entry(String list, JsonNode node) {
      this.list = list;
      this.node = node;
      if (!node.isObject()) {
        throw new PriceException(file + ": " + list + ": each entry must be a mapping with an id");
      }
      JsonNode idNode = node.get("id");
      if (idNode == null || !idNode.isTextual() || !idNode.asText().matches("[a-z0-9][a-z0-9._-]*")) {
        throw new PriceException(
            file + ": " + list + ": entry " + node.toString().substring(0, Math.min(60, node.toString().length()))
                + ": field 'id' must be lowercase letters, digits, '.', '_' and '-'");
      }
      this.id = idNode.asText();
    }

    PriceException error(String field, String reason) {
      return new PriceException(file + ": " + list + " entry '" + id + "': field '" + field + "': " + reason);
    }

    void onlyFields(Set<String> allowed) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!allowed.contains(f)) {
          throw error(f, "unknown field; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
        }
      }
    }

    String text(String field, boolean required) {
      JsonNode n = node.get(field);
      if (n == null || n.isNull()) {
        if (required) {
          throw error(field, "missing (required)");
        }
        return null;
      }
      if (!n.isValueNode() || n.asText().isBlank()) {
        throw error(field, "must be a non-empty text");
      }
      return n.asText();
    }

    double positive(String field, boolean required) {
      Double v = number(field, required);
      if (v != null && v <= 0) {
        throw error(field, "must be > 0, got " + v);
      }
      return v == null ? 0 : v;
    }

    double positiveOr(String field, double dflt) {
      Double v = number(field, false);
      if (v == null) {
        return dflt;
      }
      if (v <= 0) {
        throw error(field, "must be > 0, got " + v);
      }
      return v;
    }

    double nonNegative(String field) {
      Double v = number(field, true);
      if (v < 0) {
        throw error(field, "must be >= 0, got " + v);
      }
      return v;
    }

    double nonNegativeOr(String field, double dflt) {
      Double v = optionalNonNegative(field);
      return v == null ? dflt : v;
    }

    Double optionalNonNegative(String field) {
      Double v = number(field, false);
      if (v != null && v < 0) {
        throw error(field, "must be >= 0, got " + v);
      }
      return v;
    }

    Double optionalPositive(String field) {
      Double v = number(field, false);
      if (v != null && v <= 0) {
        throw error(field, "must be > 0, got " + v);
      }
      return v;
    }

    private Double number(String field, boolean required) {
      JsonNode n = node.get(field);
      if (n == null || n.isNull()) {
        if (required) {
          throw error(field, "missing (required)");
        }
        return null;
      }
      if (!n.isNumber()) {
        throw error(field, "must be a number, got '" + n.asText() + "'");
      }
      return n.asDouble();
    }

    boolean bool(String field) {
      JsonNode n = node.get(field);
      if (n == null || n.isNull()) {
        return false;
      }
      if (!n.isBoolean()) {
        throw error(field, "must be true or false");
      }
      return n.asBoolean();
    }

    boolean stale(String asOf) {
      Optional<LocalDate> date = AsOf.parse(asOf);
      if (date == null) {
        throw error("as_of", "'" + asOf + "' is not a date; allowed: YYYY-MM-DD, YYYY-MM or undated");
      }
      return AsOf.stale(date, today, staleAfterDays);
    }
  }
}
