package io.serveplan.hardware;

import io.serveplan.hardware.document.Document;
import io.serveplan.hardware.document.DocumentException;
import io.serveplan.hardware.document.Fields;
import io.serveplan.hardware.document.Range;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads catalog documents ({@code gpus:}, {@code models:}, {@code engines:} lists; YAML or JSON)
 * into records with the shared document reader, validating every field. All problems of a document
 * come at once in one {@link CatalogException}; each names the list, the entry id and the field
 * ({@code gpus[h100-sxm].memory_gb: must be in (0, 1,024] GB, got 2,000}) and the message starts
 * with the file.
 */
final class CatalogReader {

  private static final String[] TOP_LEVEL = {"gpus", "models", "engines"};
  /** The scheduler ids (the scheduler module's {@code SchedulingPolicy}, which this module cannot see). */
  private static final List<String> SCHEDULERS = List.of("static", "continuous", "chunked-prefill");

  record Contents(List<GpuSpec> gpus, List<ModelSpec> models, List<EnginePreset> engines) {}

  private final String file;

  CatalogReader(String file) {
    this.file = file;
  }

  Contents read(InputStream in) {
    Document doc;
    try {
      doc = Document.read(in, "document");
    } catch (DocumentException e) {
      throw new CatalogException(file, e.errors());
    } catch (IOException e) {
      throw new CatalogException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (doc.isEmpty() || !doc.isObject()) {
      throw new CatalogException(file + ": expected a document with gpus, models or engines lists");
    }
    Fields root = doc.fields();
    root.allow(TOP_LEVEL);
    List<GpuSpec> gpus = entries(root, "gpus", CatalogReader::gpu);
    List<ModelSpec> models = new ArrayList<>();
    Map<String, Fields> earlier = new LinkedHashMap<>();
    Set<String> modelIds = new HashSet<>();
    for (Fields n : root.list("models", "id")) {
      String id = n.string("id", "?");
      Fields resolved = FineTunes.resolve(n, earlier);
      if (resolved != null && unique(n, id, modelIds)) {
        add(models, resolved, CatalogReader::model);
        earlier.put(id, resolved);
      }
    }
    List<EnginePreset> engines = entries(root, "engines", CatalogReader::engine);
    root.rejectUnknown();
    root.throwIfErrors(errors -> new CatalogException(file, errors));
    return new Contents(gpus, models, engines);
  }

  private static <T> List<T> entries(Fields root, String list, Function<CatalogEntry, T> reader) {
    List<T> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Fields n : root.list(list, "id")) {
      if (unique(n, n.string("id", "?"), ids)) {
        add(out, n, reader);
      }
    }
    return out;
  }

  private static boolean unique(Fields entry, String id, Set<String> seen) {
    if (!seen.add(id)) {
      entry.error("id", "duplicate id in the same file");
      return false;
    }
    return true;
  }

  /** Reads one entry; it is kept only when it added no problem. */
  private static <T> void add(List<T> out, Fields n, Function<CatalogEntry, T> reader) {
    int before = n.errorCount();
    CatalogEntry e = new CatalogEntry(n);
    T t = reader.apply(e);
    if (n.errorCount() == before) {
      out.add(t);
    }
  }

  private static GpuSpec gpu(CatalogEntry e) {
    e.allow(
        "id", "name", "vendor", "memory_gb", "memory_bandwidth_gbps", "bf16_tflops", "fp16_tflops",
        "fp8_tflops", "int8_tops", "fp32_tflops", "interconnect_gbps", "tdp_watts", "native_dtypes",
        "source", "as_of", "confidence", "notes", "fp4_tflops", "memory_runtime_bytes",
        "memory_runtime_source", "scale_up_domain_gpus", "interconnect");
    Set<Dtype> dtypes = EnumSet.noneOf(Dtype.class);
    if (!e.f.isList("native_dtypes")) {
      e.error("native_dtypes", "required: a list such as [fp32, bf16, fp16]");
    } else {
      int before = e.f.errorCount();
      e.f.choices("native_dtypes", Dtype.ids(), "[fp32, bf16, fp16]").forEach(d -> dtypes.add(Dtype.parse("native_dtypes", d)));
      if (dtypes.isEmpty() && e.f.errorCount() == before) {
        e.error("native_dtypes", "must name at least one dtype, e.g. [fp32, bf16, fp16]");
      }
    }
    double memoryGb = e.positive("memory_gb");
    return new GpuSpec(
        e.id(),
        e.text("name"),
        e.textOr("vendor", ""),
        memoryGb,
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
        runtimeMemoryBytes(e, memoryGb),
        e.nonNegativeInt("scale_up_domain_gpus"),
        runtimeMemorySource(e));
  }

  /** Runtime-reported memory may exceed the datasheet's capacity read as GiB by this much at most. */
  static final double RUNTIME_MEMORY_TOLERANCE = 0.02;

  /**
   * {@code memory_runtime_bytes}: a whole number of bytes (nvidia-smi's MiB × 1,048,576), 0 when
   * absent. NOTE: the bound is memory_gb read as GiB, not GB: HBM stacks and GDDR chips come in
   * binary sizes, and the runtime shows a little less than that (H100 80 GB: 81,559 of 81,920 MiB),
   * which is more than memory_gb × 1e9. A figure above it by more than 2% is a unit slip (bytes in
   * MB, GiB for MiB) or a value of another GPU.
   */
  private static long runtimeMemoryBytes(CatalogEntry e, double memoryGb) {
    long max = (long) Math.floor(memoryGb * (1L << 30) * (1 + RUNTIME_MEMORY_TOLERANCE));
    if (!e.f.present("memory_runtime_bytes")) {
      return 0;
    }
    int before = e.f.errorCount();
    long bytes = e.f.longValue("memory_runtime_bytes", 0L, Long.MIN_VALUE, Long.MAX_VALUE);
    if (e.f.errorCount() > before) {
      return 0;
    }
    if (bytes < 1 || (memoryGb > 0 && bytes > max)) {
      e.error("memory_runtime_bytes", String.format(Locale.ROOT,
          "must be in [1, %,d] bytes (memory_gb %s read as GiB, plus 2%%), got %,d; give the runtime's "
              + "total in bytes (nvidia-smi MiB × 1,048,576)", max, Range.fmt(memoryGb), bytes));
      return 0;
    }
    return bytes;
  }

  /** {@code memory_runtime_source}: required with memory_runtime_bytes, meaningless without it. */
  private static String runtimeMemorySource(CatalogEntry e) {
    boolean bytes = e.f.present("memory_runtime_bytes");
    if (bytes) {
      return e.text("memory_runtime_source");
    }
    if (e.f.present("memory_runtime_source")) {
      e.error("memory_runtime_source", "only with memory_runtime_bytes (the figure it is the source of)");
    }
    return "";
  }

  private static ModelSpec model(CatalogEntry e) {
    e.allow(
        "id", "name", "hf_repo", "hidden_size", "intermediate_size", "num_layers", "num_heads",
        "num_kv_heads", "head_dim", "vocab_size", "max_position_embeddings", "tie_word_embeddings",
        "qkv_bias", "moe", "mla", "published_total_params", "published_active_params", "source",
        "as_of", "confidence", "notes", "attention", "published_active_counts", "base_model");
    int hidden = e.positiveInt("hidden_size");
    int heads = e.positiveInt("num_heads");
    int kvHeads = e.positiveInt("num_kv_heads");
    if (heads > 0 && kvHeads > 0 && heads % kvHeads != 0) {
      e.error("num_kv_heads", "must divide num_heads (" + heads + "), got " + kvHeads);
    }
    CatalogEntry moe = e.child("moe");
    CatalogEntry mla = e.child("mla");
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
    if (moe != null && perToken > experts) {
      moe.error("experts_per_token", "must be <= num_experts (" + experts + "), got " + perToken);
    }
    int firstDense = moe == null ? 0 : moe.nonNegativeInt("first_k_dense_layers");
    if (moe != null && firstDense > layers) {
      moe.error("first_k_dense_layers", "must be <= num_layers (" + layers + "), got " + firstDense);
    }
    String counting = e.f.choice("published_active_counts", "all", ModelSpec.ACTIVE_COUNTINGS);
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

  private static EnginePreset engine(CatalogEntry e) {
    e.allow(
        "id", "name", "compute_efficiency", "memory_efficiency", "attention_efficiency",
        "per_step_overhead_us", "per_layer_overhead_us", "per_sequence_overhead_us",
        "default_scheduler", "max_num_seqs", "max_num_batched_tokens", "block_size",
        "prefix_caching", "source", "as_of", "basis");
    String scheduler = e.f.requiredChoice("default_scheduler", SCHEDULERS);
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
}
