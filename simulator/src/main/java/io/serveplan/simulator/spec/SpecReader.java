package io.serveplan.simulator.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a what-if spec (YAML or JSON) into a {@link WhatIfSpec}: fills every absent field with its
 * default (docs/design.md), rejects unknown fields and impossible values, and reports all problems at
 * once as a {@link SpecException} whose {@link FieldError}s name the field and the allowed values.
 * Catalog ids (model, hardware, engine preset) are checked when the spec is simulated, against the
 * catalog in use. Stateless and thread-safe.
 */
public final class SpecReader {

  private static final ObjectMapper YAML = new YAMLMapper();
  private static final double MAX = Double.MAX_VALUE;

  private SpecReader() {}

  public static WhatIfSpec read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new SpecException("spec", "cannot read " + file + ": " + e.getMessage());
    }
    return parse(text);
  }

  /** Parses YAML or JSON text (JSON is read as YAML, of which it is a subset). */
  public static WhatIfSpec parse(String text) {
    return fromTree(tree(text));
  }

  /** The document's tree, or a SpecException naming the syntax error. */
  public static JsonNode tree(String text) {
    try {
      JsonNode node = YAML.readTree(text == null ? "" : text);
      return node == null || node.isMissingNode() ? YAML.createObjectNode() : node;
    } catch (JsonProcessingException e) {
      throw new SpecException("spec", "not valid YAML or JSON: " + e.getOriginalMessage());
    }
  }

  public static WhatIfSpec fromTree(JsonNode root) {
    List<FieldError> errors = new ArrayList<>();
    if (root != null && !root.isNull() && !root.isObject()) {
      throw new SpecException("spec", "must be an object (a map of fields)");
    }
    WhatIfSpec d = WhatIfSpec.defaults();
    Fields f = new Fields(root, "", errors);
    String model = f.string("model", d.model());
    String hardware = f.string("hardware", d.hardware());
    int tp = f.integer("tensor_parallel", 1, 1, 64);
    if (Integer.bitCount(tp) != 1) {
      f.error("tensor_parallel", "must be a power of two, got " + tp, List.of("1", "2", "4", "8", "16", "32", "64"));
    }
    int replicas = f.integer("replicas", 1, 1, 10_000);
    String wd = f.choice("weights_dtype", d.weightsDtype(), WhatIfSpec.WEIGHT_DTYPES);
    String kd = f.choice("kv_cache_dtype", d.kvCacheDtype(), WhatIfSpec.KV_DTYPES);
    EngineSpec engine = engine(f.object("engine"));
    String router = f.choice("router", d.router(), WhatIfSpec.ROUTERS);
    WorkloadSpec workload = workload(f.object("workload"));
    SloSpec slo = slo(f.object("slo"));
    long seed = f.longValue("seed", d.seed());
    String calibration = f.string("calibration", null);
    f.rejectUnknown();
    if (!errors.isEmpty()) {
      throw new SpecException(errors);
    }
    return new WhatIfSpec(model, hardware, tp, replicas, wd, kd, engine, router, workload, slo, seed,
        calibration);
  }

  /**
   * Reads a {@code workload} block on its own (the workload sheet embeds the same block).
   *
   * @param fieldPrefix the dotted path of the block in its document, for error messages
   */
  public static WorkloadSpec workloadFromTree(JsonNode node, String fieldPrefix) {
    List<FieldError> errors = new ArrayList<>();
    WorkloadSpec w = workload(new Fields(node, fieldPrefix, errors));
    if (!errors.isEmpty()) {
      throw new SpecException(errors);
    }
    return w;
  }

  /** Reads an {@code slo} block on its own; fields other than ttft_ms, tpot_ms, e2el_ms are rejected. */
  public static SloSpec sloFromTree(JsonNode node, String fieldPrefix) {
    List<FieldError> errors = new ArrayList<>();
    SloSpec s = slo(new Fields(node, fieldPrefix, errors));
    if (!errors.isEmpty()) {
      throw new SpecException(errors);
    }
    return s;
  }

  private static EngineSpec engine(Fields f) {
    EngineSpec d = EngineSpec.defaults();
    String preset = f.string("preset", d.preset());
    String scheduler = f.choice("scheduler", null, EngineSpec.SCHEDULERS);
    Integer maxNumSeqs = f.integer("max_num_seqs", null, 1, 65_536);
    Integer maxTokens = f.integer("max_num_batched_tokens", null, 1, 1 << 24);
    Integer blockSize = f.integer("block_size", null, 1, 1024);
    Boolean prefix = f.bool("prefix_caching", null);
    double util = f.number("gpu_memory_utilization", d.gpuMemoryUtilization(), 0, 1, true);
    String preemption = f.choice("preemption", d.preemption(), EngineSpec.PREEMPTIONS);
    f.rejectUnknown();
    return new EngineSpec(preset, scheduler, maxNumSeqs, maxTokens, blockSize, prefix, util, preemption);
  }

  static WorkloadSpec workload(Fields f) {
    WorkloadSpec d = WorkloadSpec.defaults();
    String arrival = f.choice("arrival", d.arrival(), WorkloadSpec.ARRIVALS);
    double rate = f.number("rate", d.rate(), 0, MAX, true);
    double cv = f.number("cv", d.cv(), 0, MAX, true);
    Integer concurrency = f.integer("concurrency", null, 1, 1_000_000);
    if ("concurrency".equals(arrival) && concurrency == null && !f.present("concurrency")) {
      f.error("concurrency", "required with arrival: concurrency (the number of closed-loop clients)");
    }
    Integer numRequests = f.integer("num_requests", null, 1, Integer.MAX_VALUE);
    LengthSpec input = length(f, "input_tokens", d.inputTokens());
    LengthSpec output = length(f, "output_tokens", d.outputTokens());
    Fields sp = f.object("shared_prefix");
    int spTokens = sp.integer("tokens", 0, 0, 1 << 20);
    int spGroups = sp.integer("groups", 1, 1, 1 << 20);
    sp.rejectUnknown();
    String trace = f.string("trace", d.trace());
    double timeScale = f.number("time_scale", d.timeScale(), 0, MAX, true);
    f.rejectUnknown();
    return new WorkloadSpec(arrival, rate, cv, concurrency, numRequests, input, output,
        new SharedPrefixSpec(spTokens, spGroups), trace, timeScale);
  }

  private static LengthSpec length(Fields parent, String name, LengthSpec dflt) {
    if (!parent.present(name)) {
      parent.raw(name);
      return dflt;
    }
    Fields f = parent.object(name);
    if (f.isAbsent()) {
      return dflt;
    }
    String dist = f.choice("distribution", null, LengthSpec.DISTRIBUTIONS);
    if (dist == null) {
      if (!f.present("distribution")) {
        f.error("distribution", "required", LengthSpec.DISTRIBUTIONS);
      }
      f.rejectUnknown();
      return dflt;
    }
    Double value = null, min = null, max = null, mean = null, stddev = null;
    String trace = null;
    switch (dist) {
      case "fixed" -> value = required(f, "value", f.number("value", null, 1, MAX, false));
      case "uniform" -> {
        min = required(f, "min", f.number("min", null, 1, MAX, false));
        max = required(f, "max", f.number("max", null, 1, MAX, false));
        if (min != null && max != null && min > max) {
          f.error("max", "must be >= min (" + Fields.fmt(min) + "), got " + Fields.fmt(max));
        }
      }
      case "normal", "lognormal" -> {
        mean = required(f, "mean", f.number("mean", null, 0, MAX, true));
        stddev = f.number("stddev", 0.0, 0, MAX, false);
        max = f.number("max", 1e9, 1, MAX, false);
      }
      case "empirical" -> {
        trace = f.string("trace", "azure-conv-2023");
        max = f.number("max", null, 1, MAX, false);
      }
      default -> throw new IllegalStateException(dist);
    }
    f.rejectUnknown();
    return new LengthSpec(dist, value, min, max, mean, stddev, trace);
  }

  private static Double required(Fields f, String name, Double v) {
    if (v == null && !f.present(name)) {
      f.error(name, "required for this distribution");
    }
    return v;
  }

  private static SloSpec slo(Fields f) {
    SloSpec d = SloSpec.defaults();
    double ttft = f.number("ttft_ms", d.ttftMs(), 0, MAX, true);
    double tpot = f.number("tpot_ms", d.tpotMs(), 0, MAX, true);
    Double e2el = f.number("e2el_ms", null, 0, MAX, true);
    f.rejectUnknown();
    return new SloSpec(ttft, tpot, e2el);
  }
}
