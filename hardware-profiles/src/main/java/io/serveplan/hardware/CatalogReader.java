package io.serveplan.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads catalog documents ({@code gpus:}, {@code models:}, {@code engines:} lists; YAML or JSON)
 * into records, validating every field. Errors name the file, the entry id and the field.
 */
final class CatalogReader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP_LEVEL = Set.of("gpus", "models", "engines");
  private static final List<String> SCHEDULERS = List.of("static", "continuous", "chunked-prefill");

  record Contents(List<GpuSpec> gpus, List<ModelSpec> models, List<EnginePreset> engines) {}

  private final String file;

  CatalogReader(String file) {
    this.file = file;
  }

  Contents read(InputStream in) {
    JsonNode root;
    try {
      root = YAML.readTree(in);
    } catch (IOException e) {
      throw new CatalogException(file + ": not valid YAML/JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new CatalogException(file + ": expected a document with gpus, models or engines lists");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!TOP_LEVEL.contains(key)) {
        throw new CatalogException(
            file + ": unknown top-level field '" + key + "'; allowed: gpus, models, engines");
      }
    }
    List<GpuSpec> gpus = new ArrayList<>();
    for (JsonNode n : list(root, "gpus")) {
      gpus.add(gpu(new Entry(file, "gpus", n)));
    }
    List<ModelSpec> models = new ArrayList<>();
    Map<String, JsonNode> modelNodes = new HashMap<>();
    for (JsonNode n : list(root, "models")) {
      JsonNode resolved = FineTunes.resolve(file, n, modelNodes);
      models.add(model(new Entry(file, "models", resolved)));
      modelNodes.put(Entry.idOf(n), resolved);
    }
    List<EnginePreset> engines = new ArrayList<>();
    for (JsonNode n : list(root, "engines")) {
      engines.add(engine(new Entry(file, "engines", n)));
    }
    checkUnique(gpus.stream().map(GpuSpec::id).toList(), "gpus");
    checkUnique(models.stream().map(ModelSpec::id).toList(), "models");
    checkUnique(engines.stream().map(EnginePreset::id).toList(), "engines");
    return new Contents(gpus, models, engines);
  }

  private List<JsonNode> list(JsonNode root, String key) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new CatalogException(file + ": '" + key + "' must be a list of entries");
    }
    List<JsonNode> out = new ArrayList<>();
    n.forEach(out::add);
    return out;
  }

  private void checkUnique(List<String> ids, String kind) {
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (!seen.add(id)) {
        throw new CatalogException(
            file + ": " + kind + " entry '" + id + "': field 'id': duplicate id in the same file");
      }
    }
  }

  private static GpuSpec gpu(Entry e) {
    e.allow(
        "id", "name", "vendor", "memory_gb", "memory_bandwidth_gbps", "bf16_tflops", "fp16_tflops",
        "fp8_tflops", "int8_tops", "fp32_tflops", "interconnect_gbps", "tdp_watts", "native_dtypes",
        "source", "as_of", "confidence", "notes", "fp4_tflops", "memory_runtime_bytes",
        "memory_runtime_source", "scale_up_domain_gpus", "interconnect");
    Set<Dtype> dtypes = EnumSet.noneOf(Dtype.class);
    JsonNode dn = e.node.get("native_dtypes");
    if (dn == null || !dn.isArray() || dn.isEmpty()) {
      throw e.error("native_dtypes", "missing; give a list such as [fp32, bf16, fp16]");
    }
    for (JsonNode d : dn) {
      try {
        dtypes.add(Dtype.parse("native_dtypes", d.asText()));
      } catch (CatalogException ex) {
        throw e.error("native_dtypes", ex.getMessage());
      }
    }
    return new GpuSpec(
        e.id(),
        e.text("name"),
        e.textOr("vendor", ""),
        e.positive("memory_gb"),
        e.positive("memory_bandwidth_gbps"),
        e.positive("bf16_tflops"),
        e.nonNegative("fp16_tflops"),
        e.nonNegative("fp8_tflops"),
        e.nonNegative("int8_tops"),
        e.nonNegative("fp32_tflops"),
        e.nonNegative("interconnect_gbps"),
        e.nonNegative("tdp_watts"),
        dtypes,
        e.text("source"),
        e.text("as_of"),
        e.textOr("confidence", "verified"),
        e.textOr("notes", ""),
        e.nonNegativeOr("fp4_tflops", 0),
        (long) e.nonNegativeOr("memory_runtime_bytes", 0),
        e.nonNegativeInt("scale_up_domain_gpus"));
  }

  private static ModelSpec model(Entry e) {
    e.allow(
        "id", "name", "hf_repo", "hidden_size", "intermediate_size", "num_layers", "num_heads",
        "num_kv_heads", "head_dim", "vocab_size", "max_position_embeddings", "tie_word_embeddings",
        "qkv_bias", "moe", "mla", "published_total_params", "published_active_params", "source",
        "as_of", "confidence", "notes", "attention", "published_active_counts", "base_model");
    int hidden = e.positiveInt("hidden_size");
    int heads = e.positiveInt("num_heads");
    int kvHeads = e.positiveInt("num_kv_heads");
    if (heads % kvHeads != 0) {
      throw e.error("num_kv_heads", kvHeads + " does not divide num_heads " + heads);
    }
    Entry moe = e.child("moe");
    Entry mla = e.child("mla");
    if (moe != null) {
      moe.allow("num_experts", "experts_per_token", "num_shared_experts", "moe_intermediate_size",
          "first_k_dense_layers", "layer_step");
    }
    if (mla != null) {
      mla.allow("kv_lora_rank", "q_lora_rank", "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim");
    }
    int layers = e.positiveInt("num_layers");
    int experts = moe == null ? 0 : moe.positiveInt("num_experts");
    int perToken = moe == null ? 0 : moe.positiveInt("experts_per_token");
    if (perToken > experts) {
      throw e.error("moe.experts_per_token", perToken + " exceeds num_experts " + experts);
    }
    int firstDense = moe == null ? 0 : moe.nonNegativeInt("first_k_dense_layers");
    if (firstDense > layers) {
      throw e.error("moe.first_k_dense_layers", firstDense + " exceeds num_layers " + layers);
    }
    String counting = e.textOr("published_active_counts", "all");
    if (!ModelSpec.ACTIVE_COUNTINGS.contains(counting)) {
      throw e.error("published_active_counts",
          "'" + counting + "'; allowed: " + String.join(", ", ModelSpec.ACTIVE_COUNTINGS));
    }
    AttentionLayout attention = AttentionReader.read(e.child("attention"));
    return new ModelSpec(
        e.id(),
        e.text("name"),
        e.textOr("hf_repo", ""),
        hidden,
        e.positiveInt("intermediate_size"),
        layers,
        heads,
        kvHeads,
        e.positiveInt("head_dim"),
        e.positiveInt("vocab_size"),
        e.positiveInt("max_position_embeddings"),
        e.bool("tie_word_embeddings"),
        e.boolOr("qkv_bias", false),
        experts,
        perToken,
        moe == null ? 0 : moe.nonNegativeInt("num_shared_experts"),
        moe == null ? 0 : moe.nonNegativeInt("moe_intermediate_size"),
        firstDense,
        mla == null ? 0 : mla.positiveInt("kv_lora_rank"),
        mla == null ? 0 : mla.nonNegativeInt("q_lora_rank"),
        mla == null ? 0 : mla.positiveInt("qk_nope_head_dim"),
        mla == null ? 0 : mla.positiveInt("qk_rope_head_dim"),
        mla == null ? 0 : mla.positiveInt("v_head_dim"),
        e.nonNegativeOr("published_total_params", 0),
        e.nonNegativeOr("published_active_params", 0),
        e.text("source"),
        e.text("as_of"),
        e.textOr("confidence", "verified"),
        e.textOr("notes", ""),
        attention,
        moe == null ? 1 : Math.max(1, moe.nonNegativeInt("layer_step")),
        counting);
  }

  private static EnginePreset engine(Entry e) {
    e.allow(
        "id", "name", "compute_efficiency", "memory_efficiency", "attention_efficiency",
        "per_step_overhead_us", "per_layer_overhead_us", "per_sequence_overhead_us",
        "default_scheduler", "max_num_seqs", "max_num_batched_tokens", "block_size",
        "prefix_caching", "source", "as_of", "basis");
    String scheduler = e.text("default_scheduler");
    if (!SCHEDULERS.contains(scheduler)) {
      throw e.error("default_scheduler", "'" + scheduler + "'; allowed: " + String.join(", ", SCHEDULERS));
    }
    return new EnginePreset(
        e.id(),
        e.text("name"),
        e.fraction("compute_efficiency"),
        e.fraction("memory_efficiency"),
        e.fraction("attention_efficiency"),
        e.nonNegative("per_step_overhead_us"),
        e.nonNegative("per_layer_overhead_us"),
        e.nonNegative("per_sequence_overhead_us"),
        scheduler,
        e.positiveInt("max_num_seqs"),
        e.positiveInt("max_num_batched_tokens"),
        e.positiveInt("block_size"),
        e.bool("prefix_caching"),
        e.text("source"),
        e.text("as_of"),
        e.text("basis"));
  }

  /** One entry being read: knows its file and id for error messages. */
  static final class Entry {
    final String file;
    final String kind;
    final JsonNode node;
    final String prefix;
    final String entryId;

    Entry(String file, String kind, JsonNode node) {
      this(file, kind, node, "", idOf(node));
    }

    private Entry(String file, String kind, JsonNode node, String prefix, String entryId) {
      this.file = file;
      this.kind = kind;
      this.node = node;
      this.prefix = prefix;
      this.entryId = entryId;
      if (!node.isObject()) {
        throw new CatalogException(file + ": " + kind + " entry '" + entryId + "': "
            + (prefix.isEmpty() ? "entry" : "field '" + prefix.substring(0, prefix.length() - 1) + "'")
            + " must be a mapping");
      }
    }

    static String idOf(JsonNode n) {
      JsonNode id = n.get("id");
      return id == null || !id.isTextual() ? "?" : id.asText();
    }

    String id() {
      String id = text("id");
      if (!id.matches("[a-z0-9][a-z0-9.-]*")) {
        throw error("id", "'" + id + "' must be lowercase letters, digits, dots and dashes");
      }
      return id;
    }

    Entry child(String name) {
      JsonNode c = node.get(name);
      return c == null || c.isNull() ? null : new Entry(file, kind, c, prefix + name + ".", entryId);
    }

    CatalogException error(String field, String reason) {
      String f = field.contains(".") ? field : prefix + field;
      return new CatalogException(
          file + ": " + kind + " entry '" + entryId + "': field '" + f + "': " + reason);
    }

    void allow(String... names) {
      Set<String> allowed = Set.of(names);
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!allowed.contains(f)) {
          throw error(f, "unknown field; allowed: " + String.join(", ", names));
        }
      }
    }

    private JsonNode required(String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        throw error(field, "missing");
      }
      return v;
    }

    String text(String field) {
      JsonNode v = required(field);
      if (!v.isValueNode() || v.asText().isBlank()) {
        throw error(field, "must be a non-empty text");
      }
      return v.asText();
    }

    String textOr(String field, String dflt) {
      JsonNode v = node.get(field);
      return v == null || v.isNull() ? dflt : v.asText();
    }

    double number(String field) {
      JsonNode v = required(field);
      if (!v.isNumber()) {
        throw error(field, "'" + v.asText() + "' is not a number");
      }
      double d = v.asDouble();
      if (!Double.isFinite(d)) {
        throw error(field, "must be finite");
      }
      // Zero and negative values get the sign checks' own messages below.
      PhysicalRanges.problem(field, d).filter(m -> d > 0).ifPresent(m -> {
        throw error(field, m);
      });
      return d;
    }

    double positive(String field) {
      double d = number(field);
      if (d <= 0) {
        throw error(field, d + " must be > 0");
      }
      return d;
    }

    double nonNegative(String field) {
      double d = number(field);
      if (d < 0) {
        throw error(field, d + " must be >= 0");
      }
      return d;
    }

    double nonNegativeOr(String field, double dflt) {
      return node.hasNonNull(field) ? nonNegative(field) : dflt;
    }

    double fraction(String field) {
      double d = number(field);
      if (d <= 0 || d > 1) {
        throw error(field, d + " must be in (0, 1]");
      }
      return d;
    }

    int positiveInt(String field) {
      double d = positive(field);
      return integer(field, d);
    }

    int nonNegativeInt(String field) {
      if (!node.hasNonNull(field)) {
        return 0;
      }
      return integer(field, nonNegative(field));
    }

    private int integer(String field, double d) {
      if (d != Math.rint(d) || d > Integer.MAX_VALUE) {
        throw error(field, d + " must be a whole number");
      }
      return (int) d;
    }

    boolean bool(String field) {
      JsonNode v = required(field);
      if (!v.isBoolean()) {
        throw error(field, "'" + v.asText() + "' must be true or false");
      }
      return v.asBoolean();
    }

    boolean boolOr(String field, boolean dflt) {
      return node.hasNonNull(field) ? bool(field) : dflt;
    }
  }
}
