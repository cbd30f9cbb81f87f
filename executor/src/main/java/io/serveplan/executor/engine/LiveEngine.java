package io.serveplan.executor.engine;

import io.serveplan.executor.ExecutorException;
import io.serveplan.executor.IdlePolicy;
import io.serveplan.executor.model.LlamaModel;
import io.serveplan.scheduler.Request;
import io.serveplan.scheduler.Scheduler;
import io.serveplan.scheduler.SchedulerConfig;
import io.serveplan.scheduler.StepPlan;
import io.serveplan.scheduler.StepResult;
import io.serveplan.simulator.client.ClientDriver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine loop behind a server: requests arrive at any time from any thread ({@link #submit}),
 * and one engine thread batches them continuously — each step the shared {@link Scheduler} admits
 * what fits, one forward pass computes the step ({@link StepExecutor}, the same as the offline
 * {@link Engine}'s), and every sampled token goes to its request's {@link TokenSink} at once.
 *
 * <pre>
 *   HTTP threads ── submit ──► incoming queue ──► engine thread: admit ─► schedule ─► forward ─► update
 *        ▲                                                                          │
 *        └──────────── TokenSink.token / finished (called on the engine thread) ◄───┘
 * </pre>
 *
 * Each request generates exactly {@code maxTokens} tokens (the scheduler has no early stop, so an
 * end-of-sequence token does not end a request; as {@code ignore_eos}). Sinks must not block:
 * they run on the engine thread. Thread-safe: {@link #submit}, {@link #stats} and {@link #close}
 * may be called from any thread.
 */
public final class LiveEngine implements AutoCloseable {

  /** Receives one request's tokens and its end, on the engine thread; must not block. */
  public interface TokenSink {
    /** Output token {@code index} (from 0) was sampled; {@code nanoTime} is {@link System#nanoTime()}. */
    void token(int tokenId, int index, long nanoTime);

    /** The request produced its last token. */
    void finished(int numPromptTokens, int numCachedPromptTokens, int numOutputTokens);

    /** The engine could not serve the request (it stopped, or the request never fits). */
    void failed(String message);
  }

  /** A snapshot of the engine's state, for metrics. */
  public record Stats(int numRunning, int numWaiting, double kvCacheUsage, long numPreemptions,
      long promptTokens, long generationTokens, long finishedRequests) {}

  /** Thrown by {@link #submit} when the engine holds its limit of requests (HTTP 429). */
  public static final class Overloaded extends ExecutorException {
    Overloaded(String message) {
      super(message);
    }
  }

  private record Submission(long id, int[] prompt, int maxTokens, TokenSink sink) {}

  private final LlamaModel model;
  private final SchedulerConfig config;
  private final IdlePolicy idle;
  private final int maxRequests;
  private final int maxModelLen;
  private final LinkedBlockingQueue<Submission> incoming = new LinkedBlockingQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong nextId = new AtomicLong();
  private final Thread thread;
  private volatile boolean closed;
  private volatile Stats stats = new Stats(0, 0, 0, 0, 0, 0, 0);
  private volatile String failure;

  /**
   * @param maxRequests most requests running and waiting together; more are refused with
   *     {@link Overloaded}
   */
  public LiveEngine(LlamaModel model, SchedulerConfig config, IdlePolicy idle, int maxRequests) {
    if (config.numGpuBlocks() != model.kvCache().numBlocks() || config.blockSize() != model.kvCache().blockSize()) {
      throw new IllegalArgumentException("scheduler has " + config.numGpuBlocks() + " blocks of " + config.blockSize()
          + " tokens but the model's KV cache has " + model.kvCache().numBlocks() + " of " + model.kvCache().blockSize());
    }
    if (maxRequests < 1) {
      throw new IllegalArgumentException("maxRequests: " + maxRequests + " must be >= 1");
    }
    this.model = model;
    this.config = config;
    this.idle = idle;
    this.maxRequests = maxRequests;
    this.maxModelLen = (int) ClientDriver.maxModelLen((long) config.numGpuBlocks() * config.blockSize(),
        model.config().maxPositions());
    this.thread = new Thread(this::loop, "serveplan-engine");
    this.thread.setDaemon(true);
  }

  /** Starts the engine thread. */
  public LiveEngine start() {
    thread.start();
    return this;
  }

  /** The longest request (prompt + output tokens) the engine takes: the KV pool or the context. */
  public int maxModelLen() {
    return maxModelLen;
  }

  public int vocabSize() {
    return model.config().vocabSize();
  }

  public Stats stats() {
    return stats;
  }

  /**
   * Queues one request.
   *
   * @return its id
   * @throws IllegalArgumentException naming the field when the request cannot be served
   * @throws Overloaded when {@code maxRequests} are in flight
   */
  public long submit(int[] promptTokenIds, int maxTokens, TokenSink sink) {
    if (promptTokenIds.length == 0) {
      throw new IllegalArgumentException("prompt: must contain at least one token");
    }
    for (int t : promptTokenIds) {
      if (t < 0 || t >= vocabSize()) {
        throw new IllegalArgumentException("prompt: token id " + t + " is outside 0.." + (vocabSize() - 1));
      }
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max_tokens: " + maxTokens + " must be >= 1");
    }
    if ((long) promptTokenIds.length + maxTokens > maxModelLen) {
      throw new IllegalArgumentException("max_tokens: this model's maximum context length is " + maxModelLen
          + " tokens; the request has " + promptTokenIds.length + " prompt tokens and max_tokens " + maxTokens);
    }
    if (closed || failure != null) {
      throw new ExecutorException("the engine has stopped" + (failure != null ? ": " + failure : ""));
    }
    if (inFlight.incrementAndGet() > maxRequests) {
      inFlight.decrementAndGet();
      throw new Overloaded("the server holds its limit of " + maxRequests + " requests; retry later");
    }
    long id = nextId.getAndIncrement();
    incoming.add(new Submission(id, promptTokenIds.clone(), maxTokens, sink));
    return id;
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    Scheduler scheduler = new Scheduler(config);
    Map<Long, Sequence> sequences = new HashMap<>();
    Map<Long, TokenSink> sinks = new HashMap<>();
    StepExecutor executor = new StepExecutor(model, config.blockSize(), config.maxNumSeqs());
    long start = System.nanoTime();
    long promptTokens = 0;
    long generationTokens = 0;
    long finished = 0;
    model.backend().idlePolicy(idle);
    try {
      while (!closed) {
        Submission s = scheduler.hasUnfinishedRequests() ? incoming.poll() : incoming.poll(50, TimeUnit.MILLISECONDS);
        for (; s != null; s = incoming.poll()) {
          long now = System.nanoTime() - start;
          Request req = new Request(s.id(), s.prompt(), s.maxTokens(), now, 0, 0L);
          try {
            scheduler.addRequest(req);
          } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            s.sink().failed(e.getMessage());
            continue;
          }
          sequences.put(s.id(), new Sequence(s.id(), s.prompt(), s.maxTokens(), now));
          sinks.put(s.id(), s.sink());
        }
        if (!scheduler.hasUnfinishedRequests()) {
          continue;
        }
        StepPlan plan = scheduler.schedule(System.nanoTime() - start);
        if (plan.totalNumScheduledTokens() == 0) {
          Thread.sleep(1);
          continue;
        }
        StepExecutor.Executed step = executor.execute(plan, sequences);
        StepResult result = step.result();
        long tokenNanoTime = step.forwardEndNanoTime();
        for (int r = 0; r < result.size(); r++) {
          Sequence seq = sequences.get(result.requestIds()[r]);
          for (int j = 0; j < result.numAcceptedTokens(r); j++) {
            int index = seq.numOutput;
            seq.append(result.acceptedTokenId(r, j), tokenNanoTime - start);
            sinks.get(seq.requestId).token(result.acceptedTokenId(r, j), index, tokenNanoTime);
          }
        }
        generationTokens += result.totalAcceptedTokens();
        List<Request> done = scheduler.update(plan, result);
        for (Request r : done) {
          Sequence seq = sequences.remove(r.requestId());
          inFlight.decrementAndGet();
          finished++;
          promptTokens += seq.numPromptTokens;
          sinks.remove(r.requestId()).finished(seq.numPromptTokens, Math.max(0, r.numCachedPromptTokens()),
              seq.numOutput);
        }
        stats = new Stats(scheduler.numRunning(), scheduler.numWaiting(), scheduler.kvCacheUsage(),
            scheduler.numPreemptions(), promptTokens, generationTokens, finished);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    } finally {
      model.backend().idlePolicy(IdlePolicy.SLEEP);
      String why = failure != null ? "engine failed: " + failure : "the server is shutting down";
      sinks.values().forEach(sink -> sink.failed(why));
      for (Submission s = incoming.poll(); s != null; s = incoming.poll()) {
        s.sink().failed(why);
      }
    }
  }
}
