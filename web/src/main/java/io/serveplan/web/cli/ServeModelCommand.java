package io.serveplan.web.cli;

import io.serveplan.executor.Backend;
import io.serveplan.executor.Backends;
import io.serveplan.executor.ExecutorException;
import io.serveplan.executor.IdlePolicy;
import io.serveplan.executor.serving.ModelServer;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serveplan serve-model}: our executor as an OpenAI-compatible server. */
@Command(name = "serve-model", description = "Serve a model on our executor as an OpenAI-compatible server "
    + "(/v1/models, /v1/completions, /v1/chat/completions with SSE, /version, /metrics).")
final class ServeModelCommand implements Callable<Integer> {

  @Option(names = "--backend", defaultValue = "cpu", description = "cpu | cuda (default: cpu)")
  String backend;

  @Option(names = "--model", required = true, description = "catalog model id, e.g. stories-15m")
  String model;

  @Option(names = "--weights", description = "Hugging Face checkpoint directory (config.json + *.safetensors); "
      + "default: seeded random weights of the catalog shape")
  Path weights;

  @Option(names = "--served-model-name", description = "the name clients send as model (default: --model)")
  String servedModelName;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: 127.0.0.1)")
  String host;

  @Option(names = "--port", defaultValue = "8001", description = "port (default: 8001)")
  int port;

  @Option(names = "--max-num-seqs", defaultValue = "64", description = "most sequences per step (default: 64)")
  int maxNumSeqs;

  @Option(names = "--max-num-batched-tokens", defaultValue = "512", description = "token budget per step (default: 512)")
  int maxNumBatchedTokens;

  @Option(names = "--kv-tokens", defaultValue = "16384", description = "KV cache size in tokens (default: 16384)")
  int kvTokens;

  @Option(names = "--max-requests", defaultValue = "1024", description = "requests running and waiting before "
      + "the server answers 429 (default: 1024)")
  int maxRequests;

  @Option(names = "--idle", defaultValue = "sleep", description = "spin | sleep (default: sleep)")
  String idle;

  @Option(names = "--seed", defaultValue = "0", description = "seed of the random weights (default: 0)")
  long seed;

  @Option(names = "--catalog-dir", description = "directory of user catalog files (default: $SERVEPLAN_CATALOG)")
  Path catalogDir;

  @Override
  public Integer call() throws Exception {
    if (!Backends.IDS.contains(backend)) {
      throw new IllegalArgumentException("--backend: unknown backend '" + backend + "'; allowed: cpu, cuda");
    }
    if (weights != null && !Files.isRegularFile(weights.resolve("config.json"))) {
      throw new IllegalArgumentException("--weights: " + weights + " has no config.json");
    }
    ModelSpec spec = Catalog.fromEnvironment(Optional.ofNullable(catalogDir)).model(model);
    ModelServer.Config config = new ModelServer.Config(servedModelName != null ? servedModelName : model, host, port,
        maxNumSeqs, maxNumBatchedTokens, 16, kvTokens, seed, IdlePolicy.parse("--idle", idle), maxRequests, 256);
    Backend opened;
    try {
      opened = Backends.open(backend);
    } catch (ExecutorException e) {
      System.err.println(e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (Backend b = opened; ModelServer server = ModelServer.start(b, spec, Optional.ofNullable(weights), config)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        stopped.countDown();
      }, "serve-model-stop"));
      System.err.printf("serving %s (%s backend, %s weights, %d KV tokens) on http://%s:%d/v1; Ctrl-C stops%n",
          config.servedModelName(), backend, weights != null ? weights.toString() : "random", kvTokens, host,
          server.port());
      stopped.await();
    }
    return 0;
  }
}
