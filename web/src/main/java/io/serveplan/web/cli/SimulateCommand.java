package io.serveplan.web.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.simulator.Simulation;
import io.serveplan.simulator.SimulationOptions;
import io.serveplan.simulator.SimulationResult;
import io.serveplan.simulator.metrics.RequestRecord;
import io.serveplan.simulator.plan.RunPlanResolver;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WhatIfSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serveplan simulate}: simulates a what-if spec and prints the metrics (vLLM bench serve
 * keys first, then ServePlan's). A wrong spec field exits with code 2 and one line naming the field.
 */
@Command(name = "simulate", description = "Simulate a what-if spec and print the metrics.")
final class SimulateCommand implements Callable<Integer> {

  @Option(names = "--spec", required = true, description = "what-if spec, YAML or JSON")
  Path spec;

  @Option(names = "--format", defaultValue = "table", description = "table | json | vllm (flat, as vllm bench serve "
      + "writes its result) (default: table)")
  String format;

  @Option(names = "--out", description = "write the result JSON (the flat vllm document with --format vllm) to this "
      + "file instead of standard output; with --format table the table still prints")
  Path out;

  @Option(names = "--requests-out", description = "write one CSV row per completed request")
  Path requestsOut;

  @Option(names = "--max-requests", description = "refuse runs with more requests (default: ${DEFAULT-VALUE})",
      defaultValue = "" + SimulationOptions.DEFAULT_MAX_REQUESTS)
  long maxRequests;

  @Option(names = "--max-simulated-seconds",
      description = "refuse runs longer than this in simulated time (default: ${DEFAULT-VALUE})",
      defaultValue = "" + SimulationOptions.DEFAULT_MAX_SIMULATED_SECONDS)
  long maxSimulatedSeconds;

  @Option(names = "--catalog-dir", description = "directory of user catalog files (default: $SERVEPLAN_CATALOG)")
  Path catalogDir;

  @Override
  public Integer call() throws IOException {
    boolean vllm = format.equalsIgnoreCase("vllm");
    boolean json = switch (format.toLowerCase(Locale.ROOT)) {
      case "json", "vllm" -> true;
      case "table" -> false;
      default -> throw new IllegalArgumentException("--format: unknown value '" + format
          + "'; allowed: json, table, vllm");
    };
    if (maxRequests < 1 || maxSimulatedSeconds < 1) {
      throw new IllegalArgumentException("--max-requests and --max-simulated-seconds must be >= 1");
    }
    if (!Files.isRegularFile(spec)) {
      throw new IllegalArgumentException("--spec: no such file: " + spec);
    }
    Catalog catalog = Catalog.fromEnvironment(Optional.ofNullable(catalogDir));
    // every problem at once: the reader's field errors and the ids the catalog does not have
    WhatIfSpec whatIf = new RunPlanResolver(catalog).read(() -> SpecReader.read(spec));
    SimulationOptions options = SimulationOptions.defaults()
        .withLimits(maxRequests, maxSimulatedSeconds)
        .withKeepRequests(requestsOut != null);
    SimulationResult result = Simulation.run(whatIf, catalog, options);
    String resultJson = vllm ? JsonCodec.snakeCaseMapper().writerWithDefaultPrettyPrinter()
        .writeValueAsString(VllmFormat.flat(result)) : result.toJson();
    if (out != null) {
      writeFile(out, resultJson + "\n");
    }
    if (requestsOut != null) {
      writeRequests(requestsOut, result.requests());
    }
    if (json && out != null) {
      System.err.println("result written: " + out);
    } else if (json) {
      System.out.println(resultJson);
    } else {
      System.out.print(table(result.metrics().toMap()));
    }
    return 0;
  }

  static String table(Map<String, Object> metrics) {
    ArrayNode rows = JsonNodeFactory.instance.arrayNode();
    for (Map.Entry<String, Object> e : metrics.entrySet()) {
      ObjectNode row = rows.addObject();
      row.put("metric", e.getKey());
      Object v = e.getValue();
      row.put("value", v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(v));
    }
    return Tables.render(rows, List.of("metric", "value"));
  }

  private static void writeFile(Path file, String text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, text);
  }

  static void writeRequests(Path file, List<RequestRecord> records) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
      w.println("request_id,arrival_s,prompt_tokens,output_tokens,cached_prompt_tokens,"
          + "num_preemptions,replica,ttft_ms,tpot_ms,e2el_ms,good");
      for (RequestRecord r : records) {
        w.printf(Locale.ROOT, "%d,%.6f,%d,%d,%d,%d,%d,%.4f,%.4f,%.4f,%b%n", r.requestId(),
            r.arrivalS(), r.promptTokens(), r.outputTokens(), r.cachedPromptTokens(),
            r.numPreemptions(), r.replica(), r.ttftMs(), r.tpotMs(), r.e2elMs(), r.good());
      }
    }
  }
}
