package io.serveplan.web.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.serveplan.executor.bench.BenchResult;
import io.serveplan.executor.bench.BenchServe;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.simulator.spec.SpecReader;
import io.serveplan.simulator.spec.WhatIfSpec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serveplan bench-serve}: a load generator for any OpenAI-compatible server; writes
 * {@code vllm bench serve}'s result JSON. Ctrl-C stops sending, waits for the requests in flight
 * (up to the request timeout) and still writes what was measured.
 */
@Command(name = "bench-serve", description = "Benchmark an OpenAI-compatible server with a spec's workload; "
    + "writes vllm bench serve's result keys.")
final class BenchServeCommand implements Callable<Integer> {

  @Option(names = "--base-url", required = true, description = "server URL, e.g. http://127.0.0.1:8000")
  String baseUrl;

  @Option(names = "--model", required = true, description = "the model name the server serves")
  String model;

  @Option(names = "--spec", required = true, description = "what-if spec (its workload, seed and slo are used)")
  Path spec;

  @Option(names = "--endpoint", defaultValue = "completions", description = "completions | chat (default: completions)")
  String endpoint;

  @Option(names = "--out", description = "result JSON file (default: print it)")
  Path out;

  @Option(names = "--max-concurrency", defaultValue = "0", description = "most requests in flight (default: no limit)")
  int maxConcurrency;

  @Option(names = "--max-connections", defaultValue = "256", description = "most open connections (default: 256)")
  int maxConnections;

  @Option(names = "--request-timeout", defaultValue = "600", description = "seconds before a request counts as "
      + "failed (default: 600)")
  int requestTimeoutS;

  @Option(names = "--vocab-size", description = "token ids are drawn below this (default: the catalog model's "
      + "vocabulary when --model or the spec's model is a catalog id, else 32000)")
  Integer vocabSize;

  @Option(names = "--label", description = "label written into the result")
  String label;

  @Option(names = "--catalog-dir", description = "directory of user catalog files (default: $SERVEPLAN_CATALOG)")
  Path catalogDir;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(spec)) {
      throw new IllegalArgumentException("--spec: no such file: " + spec);
    }
    URI base;
    try {
      base = URI.create(baseUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--base-url: not a URL: " + baseUrl);
    }
    if (base.getScheme() == null || !base.getScheme().startsWith("http") || base.getHost() == null) {
      throw new IllegalArgumentException("--base-url: not an http(s) URL: " + baseUrl);
    }
    if (requestTimeoutS < 1) {
      throw new IllegalArgumentException("--request-timeout: " + requestTimeoutS + " must be >= 1");
    }
    WhatIfSpec whatIf = SpecReader.read(spec);
    BenchServe.Options options = new BenchServe.Options(base, model, endpoint, maxConcurrency, maxConnections,
        Duration.ofSeconds(requestTimeoutS), label);
    int vocab = vocabSize != null ? vocabSize : vocabOf(whatIf);
    AtomicBoolean cancelled = new AtomicBoolean();
    CountDownLatch written = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      cancelled.set(true);
      System.err.println("\nbench-serve: stopping; waiting for the requests in flight, then writing the result");
      try {
        written.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "bench-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      ProgressBar bar = new ProgressBar(System.err);
      BenchResult result = new BenchServe(options).run(whatIf.workload(), whatIf.seed(), vocab, cancelled::get, bar);
      bar.end();
      String json = result.toJson(whatIf.slo());
      JsonNode doc = JsonCodec.snakeCaseMapper().readTree(json); // the summary line quotes the file's own keys
      if (out != null) {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.writeString(out, json + "\n");
      } else {
        System.out.println(json);
      }
      System.err.printf(Locale.ROOT, "completed %d, failed %d in %.1f s: %.2f req/s, %.1f output tok/s, mean TTFT "
              + "%.1f ms, mean TPOT %.2f ms%s%n", doc.get("completed").asInt(), doc.get("failed").asInt(),
          doc.get("duration").asDouble(), doc.get("request_throughput").asDouble(),
          doc.get("output_throughput").asDouble(), doc.get("mean_ttft_ms").asDouble(),
          doc.get("mean_tpot_ms").asDouble(), out != null ? "; result: " + out : "");
      return doc.get("failed").asInt() == 0 ? 0 : 1;
    } finally {
      written.countDown();
      if (!cancelled.get()) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    }
  }

  private int vocabOf(WhatIfSpec whatIf) {
    Catalog catalog = Catalog.fromEnvironment(Optional.ofNullable(catalogDir));
    for (String id : new String[] {model, whatIf.model()}) {
      try {
        return catalog.model(id).vocabSize();
      } catch (IllegalArgumentException e) {
        // not a catalog id; try the next
      }
    }
    return 32000;
  }

  /** One line on stderr, redrawn at most every 200 ms. */
  static final class ProgressBar implements java.util.function.Consumer<BenchServe.Progress> {
    private final java.io.PrintStream err;
    private long lastNs;

    ProgressBar(java.io.PrintStream err) {
      this.err = err;
    }

    @Override
    public synchronized void accept(BenchServe.Progress p) {
      long now = System.nanoTime();
      if (now - lastNs < 200_000_000L && p.finished() < p.total()) {
        return;
      }
      lastNs = now;
      int width = 30;
      int filled = p.total() == 0 ? width : (int) ((long) width * p.finished() / p.total());
      err.printf(Locale.ROOT, "\r[%s%s] %d/%d requests, %d failed, %.1f s", "#".repeat(filled),
          " ".repeat(width - filled), p.finished(), p.total(), p.failed(), p.elapsedS());
    }

    void end() {
      err.println();
    }
  }
}
