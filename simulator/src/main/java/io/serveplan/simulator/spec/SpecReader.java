package io.serveplan.simulator.spec;

import io.serveplan.hardware.document.Document;
import io.serveplan.hardware.document.DocumentException;
import io.serveplan.hardware.document.Fields;
import io.serveplan.hardware.document.Range;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a what-if spec (YAML or JSON) into a {@link WhatIfSpec}: fills every absent field with its
 * default (docs/design.md), rejects unknown fields and impossible values, and reports all problems at
 * once as a {@link SpecException} whose {@code FieldError}s name the field and the allowed values.
 * Catalog ids (model, hardware, engine preset) are checked when the spec is simulated, against the
 * catalog in use. Built on the shared document reader ({@link Fields}). Stateless and thread-safe.
 */
public final class SpecReader {

  private static final Range POSITIVE = Range.above(0);
  private static final Range AT_LEAST_ONE = Range.atLeast(1);

  /** Allowed values, read from their enums; the router ids live in {@link WhatIfSpec#ROUTERS}. */
  // the allowed values, defined once beside the records (from the enums behind them)
  static final List<String> SCHEDULERS = EngineSpec.SCHEDULERS;
  static final List<String> PREEMPTIONS = EngineSpec.PREEMPTIONS;
  static final List<String> WEIGHT_DTYPES = WhatIfSpec.WEIGHT_DTYPES;
  static final List<String> KV_DTYPES = WhatIfSpec.KV_DTYPES;

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

  /** The parsed document, or a SpecException naming the syntax error (field {@code spec}). */
  public static Document tree(String text) {
    try {
      return Document.parse(text, "spec");
    } catch (DocumentException e) {
      throw new SpecException(e.errors());
    }
  }

  public static WhatIfSpec fromTree(Document doc) {
    if (!doc.isObject()) {
      throw new SpecException("spec", "must be an object (a map of fields)");
    }
    WhatIfSpec d = WhatIfSpec.defaults();
    Fields f = doc.fields();
    String model = f.string("model", d.model());
    String hardware = f.string("hardware", d.hardware());
    int tp = f.integer("tensor_parallel", 1, 1, 64);
    if (Integer.bitCount(tp) != 1) {
      f.error("tensor_parallel", "must be a power of two, got " + tp, List.of("1", "2", "4", "8", "16", "32", "64"));
    }
    int replicas = f.integer("replicas", 1, 1, 10_000);
    String wd = f.choice("weights_dtype", d.weightsDtype(), WEIGHT_DTYPES);
    String kd = f.choice("kv_cache_dtype", d.kvCacheDtype(), KV_DTYPES);
    EngineSpec engine = engine(f.object("engine"));
    String router = f.choice("router", d.router(), WhatIfSpec.ROUTERS);
    WorkloadSpec workload = workload(f.object("workload"));
    SloSpec slo = slo(f.object("slo"));
    long seed = f.longValue("seed", d.seed(), Long.MIN_VALUE, Long.MAX_VALUE);
    String calibration = f.string("calibration", null);
    f.rejectUnknown();
    if (f.errorCount() > 0) {
      WhatIfSpec partial;
      try {
        partial = new WhatIfSpec(model, hardware, tp, replicas, wd, kd, engine, router, workload, slo, seed, calibration);
      } catch (RuntimeException e) {
        partial = null; // too broken to check further: its own errors say why
      }
      throw new SpecException(f.errors(), partial);
    }
    return new WhatIfSpec(model, hardware, tp, replicas, wd, kd, engine, router, workload, slo, seed,
        calibration);
  }

  /**
   * Reads a {@code workload} block on its own (a measured result carries one).
   *
   * @param fieldPrefix the dotted path of the block in its document, for error messages
   */
  public static WorkloadSpec workloadFromTree(Document block, String fieldPrefix) {
    Fields f = block.fields(fieldPrefix);
    WorkloadSpec w = workload(f);
    f.throwIfErrors(SpecException::new);
    return w;
  }

  private static EngineSpec engine(Fields f) {
    EngineSpec d = EngineSpec.defaults();
    String preset = f.string("preset", d.preset());
    String scheduler = f.choice("scheduler", null, SCHEDULERS);
    Integer maxNumSeqs = f.integer("max_num_seqs", null, 1, 65_536);
    Integer maxTokens = f.integer("max_num_batched_tokens", null, 1, 1 << 24);
    Integer blockSize = f.integer("block_size", null, 1, 1024);
    Boolean prefix = f.bool("prefix_caching", null);
    double util = f.number("gpu_memory_utilization", d.gpuMemoryUtilization(), Range.aboveUpTo(0, 1));
    String preemption = f.choice("preemption", d.preemption(), PREEMPTIONS);
    f.rejectUnknown();
    return new EngineSpec(preset, scheduler, maxNumSeqs, maxTokens, blockSize, prefix, util, preemption);
  }

  /**
   * Reads a {@code workload} block from its cursor (the workload sheet embeds the same block);
   * problems go to the cursor's document.
   */
  public static WorkloadSpec workload(Fields f) {
    WorkloadSpec d = WorkloadSpec.defaults();
    String arrival = f.choice("arrival", d.arrival(), WorkloadSpec.ARRIVALS);
    double rate = f.number("rate", d.rate(), POSITIVE);
    double cv = f.number("cv", d.cv(), POSITIVE);
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
    double timeScale = f.number("time_scale", d.timeScale(), POSITIVE);
    f.rejectUnknown();
    return new WorkloadSpec(arrival, rate, cv, concurrency, numRequests, input, output,
        new SharedPrefixSpec(spTokens, spGroups), trace, timeScale);
  }

  private static LengthSpec length(Fields parent, String name, LengthSpec dflt) {
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
      case "fixed" -> value = required(f, "value", f.number("value", null, AT_LEAST_ONE));
      case "uniform" -> {
        min = required(f, "min", f.number("min", null, AT_LEAST_ONE));
        max = required(f, "max", f.number("max", null, AT_LEAST_ONE));
        if (min != null && max != null && min > max) {
          f.error("max", "must be >= min (" + Range.fmt(min) + "), got " + Range.fmt(max));
        }
      }
      case "normal", "lognormal" -> {
        mean = required(f, "mean", f.number("mean", null, POSITIVE));
        stddev = f.number("stddev", 0.0, Range.atLeast(0));
        max = f.number("max", 1e9, AT_LEAST_ONE);
      }
      case "empirical" -> {
        trace = f.string("trace", "azure-conv-2023");
        max = f.number("max", null, AT_LEAST_ONE);
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

  /**
   * Reads an {@code slo} block from its cursor: ttft_ms, tpot_ms, e2el_ms; any other field not read
   * before through the same cursor (the sheet reads {@code attainment} first) is rejected.
   */
  public static SloSpec slo(Fields f) {
    SloSpec d = SloSpec.defaults();
    double ttft = f.number("ttft_ms", d.ttftMs(), POSITIVE);
    double tpot = f.number("tpot_ms", d.tpotMs(), POSITIVE);
    Double e2el = f.number("e2el_ms", null, POSITIVE);
    f.rejectUnknown();
    return new SloSpec(ttft, tpot, e2el);
  }
}
