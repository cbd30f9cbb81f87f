package io.serveplan.executor.serving;

import io.serveplan.executor.Backend;
import io.serveplan.executor.IdlePolicy;
import io.serveplan.executor.engine.LiveEngine;
import io.serveplan.executor.model.HfCheckpoint;
import io.serveplan.executor.model.LlamaModel;
import io.serveplan.executor.model.ModelConfig;
import io.serveplan.executor.model.ModelWeights;
import io.serveplan.hardware.ModelSpec;
import io.serveplan.scheduler.PreemptionMode;
import io.serveplan.scheduler.QueueOrder;
import io.serveplan.scheduler.SchedulerConfig;
import io.serveplan.scheduler.SchedulingPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code serve-model}: our executor as a real server — a model (random weights of a catalog shape,
 * or a Hugging Face checkpoint) on a backend, a {@link LiveEngine} batching it continuously with
 * chunked prefill and prefix caching, and an {@link OpenAiServer} in front. Close it to stop all
 * three (the backend is the caller's).
 */
public final class ModelServer implements AutoCloseable {

  /**
   * @param servedModelName the name clients send as {@code model}
   * @param kvTokens KV cache size in tokens (rounded down to whole blocks)
   * @param maxRequests requests running and waiting together before 429
   */
  public record Config(String servedModelName, String host, int port, int maxNumSeqs, int maxNumBatchedTokens,
      int blockSize, int kvTokens, long seed, IdlePolicy idle, int maxRequests, int maxConnections) {

    public Config {
      check("--port", port, 0, 65535);
      check("--max-num-seqs", maxNumSeqs, 1, 4096);
      check("--max-num-batched-tokens", maxNumBatchedTokens, 16, 1 << 20);
      check("--block-size", blockSize, 1, 256);
      check("--kv-tokens", kvTokens, blockSize, 1 << 26);
      check("--max-requests", maxRequests, 1, 1_000_000);
      check("--max-connections", maxConnections, 1, 10_000);
    }

    private static void check(String field, long v, long min, long max) {
      if (v < min || v > max) {
        throw new IllegalArgumentException(field + ": " + v + " is outside " + min + ".." + max);
      }
    }

    public static Config defaults(String servedModelName, int port) {
      return new Config(servedModelName, "127.0.0.1", port, 64, 512, 16, 16_384, 0, IdlePolicy.SLEEP, 1024, 256);
    }
  }

  private final LlamaModel model;
  private final LiveEngine engine;
  private final OpenAiServer server;

  private ModelServer(LlamaModel model, LiveEngine engine, OpenAiServer server) {
    this.model = model;
    this.engine = engine;
    this.server = server;
  }

  /**
   * @param weights a checkpoint directory (config.json + *.safetensors), or empty for random
   *     weights of {@code spec}'s shape
   */
  public static ModelServer start(Backend backend, ModelSpec spec, Optional<Path> weights, Config c)
      throws IOException {
    ModelWeights w = weights.isPresent() ? HfCheckpoint.load(weights.get())
        : ModelWeights.random(ModelConfig.fromCatalog(spec), c.seed());
    int numBlocks = c.kvTokens() / c.blockSize();
    LlamaModel model = new LlamaModel(backend, w, numBlocks, c.blockSize(), c.maxNumBatchedTokens());
    SchedulerConfig sc = new SchedulerConfig(SchedulingPolicy.CHUNKED_PREFILL, c.maxNumSeqs(),
        c.maxNumBatchedTokens(), 0, c.blockSize(), numBlocks, 0, true, c.seed(), PreemptionMode.RECOMPUTE,
        QueueOrder.FCFS, 0L);
    LiveEngine engine = new LiveEngine(model, sc, c.idle(), c.maxRequests()).start();
    try {
      OpenAiServer server = OpenAiServer.start(engine, c.servedModelName(), backend.id(), c.host(), c.port(),
          c.maxConnections());
      return new ModelServer(model, engine, server);
    } catch (IOException | RuntimeException e) {
      engine.close();
      model.close();
      throw e;
    }
  }

  public int port() {
    return server.port();
  }

  public LiveEngine engine() {
    return engine;
  }

  @Override
  public void close() {
    server.close();
    engine.close();
    model.close();
  }
}
