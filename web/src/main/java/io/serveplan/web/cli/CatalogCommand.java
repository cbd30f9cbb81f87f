package io.serveplan.web.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.Dtype;
import io.serveplan.hardware.EnginePreset;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.ModelSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code serveplan catalog gpus|models|engines|apis|gpu-prices}: lists a catalog as a table or JSON. */
@Command(
    name = "catalog",
    description = "List the GPU, model, engine, API or GPU-price catalog (built-in merged with --catalog-dir).")
final class CatalogCommand implements Callable<Integer> {

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Parameters(index = "0", paramLabel = "KIND", description = "gpus | models | engines | apis | gpu-prices")
  String kind;

  @Option(names = "--format", defaultValue = "table", description = "table | json (default: table)")
  String format;

  @Option(
      names = "--catalog-dir",
      description = "directory of user catalog files (default: $SERVEPLAN_CATALOG)")
  Path catalogDir;

  @Override
  public Integer call() throws Exception {
    boolean json = Tables.wantsJson(format);
    Catalog catalog = Catalog.fromEnvironment(Optional.ofNullable(catalogDir));
    ArrayNode rows =
        switch (kind) {
          case "gpus" -> gpus(catalog);
          case "models" -> models(catalog);
          case "engines" -> engines(catalog);
          case "apis" -> ApiCatalogRows.apis(Optional.ofNullable(catalogDir));
          case "gpu-prices" -> ApiCatalogRows.gpuPrices(Optional.ofNullable(catalogDir));
          default -> throw new IllegalArgumentException(
              "catalog: unknown kind '" + kind + "'; allowed: gpus, models, engines, apis, gpu-prices");
        };
    if (json) {
      System.out.println(JSON.writeValueAsString(rows));
    } else {
      System.out.print(Tables.render(rows, tableColumns(kind)));
    }
    return 0;
  }

  private static List<String> tableColumns(String kind) {
    return switch (kind) {
      case "gpus" -> List.of("id", "memory_gb", "memory_planning_gb", "memory_origin", "memory_bandwidth_gbps", "bf16_tflops", "fp8_tflops",
          "fp4_tflops", "interconnect_gbps", "scale_up_domain_gpus", "confidence", "as_of", "source");
      case "models" -> List.of("id", "total_params", "active_params", "num_layers", "layer_pattern",
          "hidden_size", "kv_cache_bytes_per_token", "weight_bytes_bf16", "confidence", "as_of",
          "source");
      case "engines" -> List.of("id", "compute_efficiency", "memory_efficiency",
          "per_step_overhead_us", "default_scheduler", "max_num_seqs", "max_num_batched_tokens");
      case "gpu-prices" -> ApiCatalogRows.GPU_COLUMNS;
      default -> ApiCatalogRows.COLUMNS;
    };
  }

  static ArrayNode gpus(Catalog catalog) {
    ArrayNode rows = JSON.createArrayNode();
    for (GpuSpec g : catalog.gpus()) {
      ObjectNode o = rows.addObject();
      o.put("id", g.id());
      o.put("name", g.name());
      o.put("vendor", g.vendor());
      o.put("memory_gb", g.memoryGb());
      o.put("memory_bandwidth_gbps", g.memoryBandwidthGbps());
      o.put("bf16_tflops", g.bf16Tflops());
      o.put("fp16_tflops", g.fp16Tflops());
      o.put("fp8_tflops", g.fp8Tflops());
      o.put("int8_tops", g.int8Tops());
      o.put("fp32_tflops", g.fp32Tflops());
      o.put("interconnect_gbps", g.interconnectGbps());
      o.put("tdp_watts", g.tdpWatts());
      o.put("fp4_tflops", g.fp4Tflops());
      o.put("memory_runtime_bytes", g.runtimeMemoryBytes());
      o.put("memory_runtime_source", g.runtimeMemorySource());
      // the memory the planner uses, and where it comes from: the runtime's report or the datasheet
      o.put("memory_planning_bytes", g.memoryBytes());
      o.put("memory_planning_gb", Math.round(g.memoryBytes() / 1e7) / 100.0);
      o.put("memory_origin", g.hasRuntimeMemory() ? "runtime" : "datasheet");
      o.put("scale_up_domain_gpus", g.scaleUpDomainGpus());
      ArrayNode d = o.putArray("native_dtypes");
      g.nativeDtypes().stream().sorted().forEach(x -> d.add(x.id()));
      o.put("confidence", g.confidence());
      o.put("source", g.source());
      o.put("as_of", g.asOf());
      o.put("notes", g.notes());
    }
    return rows;
  }

  static ArrayNode models(Catalog catalog) {
    ArrayNode rows = JSON.createArrayNode();
    for (ModelSpec m : catalog.models()) {
      ObjectNode o = rows.addObject();
      o.put("id", m.id());
      o.put("name", m.name());
      o.put("total_params", m.totalParams());
      o.put("active_params", m.activeParams());
      o.put("published_total_params", m.publishedTotalParams());
      o.put("kv_cache_bytes_per_token", m.kvCacheBytesPerToken(Dtype.BF16));
      o.put("kv_cache_bytes_per_8k_sequence", m.kvCacheBytesPerSequence(Dtype.BF16, 8192));
      o.put("layer_pattern", String.join(",", m.attention().pattern().stream().map(t -> t.id()).toList()));
      if (m.attention().slidingWindow() > 0) {
        o.put("sliding_window", m.attention().slidingWindow());
      }
      if (m.attention().chunkSize() > 0) {
        o.put("chunk_size", m.attention().chunkSize());
      }
      if (m.stateBytesPerSequence() > 0) {
        o.put("state_bytes_per_sequence", m.stateBytesPerSequence());
      }
      o.put("weight_bytes_bf16", m.weightBytes(Dtype.BF16));
      o.put("flops_per_token", m.flopsPerToken());
      o.put("num_layers", m.numLayers());
      o.put("hidden_size", m.hiddenSize());
      o.put("num_heads", m.numHeads());
      o.put("num_kv_heads", m.numKvHeads());
      o.put("head_dim", m.headDim());
      o.put("intermediate_size", m.intermediateSize());
      o.put("vocab_size", m.vocabSize());
      o.put("moe", m.isMoe());
      o.put("mla", m.isMla());
      if (m.isMoe()) {
        o.put("num_experts", m.numExperts());
        o.put("experts_per_token", m.expertsPerToken());
      }
      o.put("confidence", m.confidence());
      o.put("source", m.source());
      o.put("as_of", m.asOf());
    }
    return rows;
  }

  static ArrayNode engines(Catalog catalog) {
    ArrayNode rows = JSON.createArrayNode();
    for (EnginePreset e : catalog.engines()) {
      ObjectNode o = rows.addObject();
      o.put("id", e.id());
      o.put("name", e.name());
      o.put("compute_efficiency", e.computeEfficiency());
      o.put("memory_efficiency", e.memoryEfficiency());
      o.put("attention_efficiency", e.attentionEfficiency());
      o.put("per_step_overhead_us", e.perStepOverheadUs());
      o.put("per_layer_overhead_us", e.perLayerOverheadUs());
      o.put("per_sequence_overhead_us", e.perSequenceOverheadUs());
      o.put("default_scheduler", e.defaultScheduler());
      o.put("max_num_seqs", e.maxNumSeqs());
      o.put("max_num_batched_tokens", e.maxNumBatchedTokens());
      o.put("block_size", e.blockSize());
      o.put("prefix_caching", e.prefixCaching());
      o.put("source", e.source());
      o.put("as_of", e.asOf());
      o.put("basis", e.basis());
    }
    return rows;
  }

  static List<String> columns(ArrayNode rows) {
    List<String> cols = new ArrayList<>();
    if (!rows.isEmpty()) {
      rows.get(0).fieldNames().forEachRemaining(cols::add);
    }
    return cols;
  }
}
