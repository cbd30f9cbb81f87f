package io.serveplan.web.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.web.db.Database;
import io.serveplan.web.db.Run;
import io.serveplan.web.db.RunKind;
import io.serveplan.web.db.RunPage;
import io.serveplan.web.db.RunStatus;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Accepts runs, stores them, and executes them on a bounded pool of workers.
 *
 * <p>At most {@code workers} runs execute at once and at most {@code queueCapacity} wait; a
 * submission beyond that is refused with {@link QueueFullException} and stores nothing. Every
 * accepted run is stored before {@link #submit} returns and every transition is written through,
 * so a run is never lost: one left queued or running by a process that died is marked
 * {@code interrupted} when the next one opens the database. Thread-safe.
 */
public final class RunService implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RunService.class.getName());
  private static final long PROGRESS_WRITE_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(250);

  private final Database db;
  private final ObjectMapper json;
  private final Map<RunKind, RunHandler> handlers = new EnumMap<>(RunKind.class);
  private final ThreadPoolExecutor pool;
  private final Semaphore admission;
  private final int queueCapacity;
  private final Map<String, Job> active = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private final RunMetrics metrics = new RunMetrics();
  private volatile boolean closing;
  private final MemoryBudget memory;

  public RunService(Database db, ObjectMapper json, List<RunHandler> handlers, int workers, int queueCapacity) {
    this(db, json, handlers, workers, queueCapacity, new MemoryBudget(Long.MAX_VALUE / 4));
  }

  /**
   * @param memory what running runs may hold together by their estimates: a worker waits for its
   *     run's share before it starts it, so the pool is bounded by memory as well as by count
   */
  public RunService(Database db, ObjectMapper json, List<RunHandler> handlers, int workers, int queueCapacity,
      MemoryBudget memory) {
    this.memory = memory;
    this.db = db;
    this.json = json;
    handlers.forEach(h -> this.handlers.put(h.kind(), h));
    this.queueCapacity = queueCapacity;
    this.admission = new Semaphore(workers + queueCapacity);
    AtomicInteger threadNumber = new AtomicInteger();
    ClassLoader appLoader = RunService.class.getClassLoader();
    this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, "serveplan-worker-" + threadNumber.incrementAndGet());
          t.setDaemon(true);
          t.setContextClassLoader(appLoader);
          return t;
        });
  }

  /** Marks runs left over by a previous process as interrupted; returns how many. */
  public int recoverInterrupted() {
    return db.markInterrupted(now());
  }

  /**
   * Checks and stores a run and queues it.
   *
   * @throws IllegalArgumentException when the handler rejects the document
   * @throws QueueFullException when every worker is busy and the queue is full
   */
  public Run submit(RunKind kind, JsonNode document) {
    RunHandler handler = handler(kind);
    JsonNode spec = handler.accept(document);
    if (!admission.tryAcquire()) {
      metrics.rejected(kind);
      throw new QueueFullException(queueCapacity, retryAfterSeconds());
    }
    try {
      Run run = Run.queued(UUID.randomUUID().toString(), kind, spec.toString(), now());
      db.insert(run);
      Job job = new Job(run.id(), kind, spec, handler.memoryEstimateBytes(spec));
      active.put(run.id(), job);
      metrics.submitted(kind);
      pool.execute(job);
      return run;
    } catch (RuntimeException e) {
      admission.release();
      throw e;
    }
  }

  public Optional<Run> find(RunKind kind, String id) {
    return db.find(kind, id);
  }

  public RunPage list(RunKind kind, int page, int size) {
    return db.list(kind, page, size);
  }

  /**
   * Cancels a queued or running run (returning it, now cancelled), or removes a finished one
   * (returning empty). Throws {@link java.util.NoSuchElementException} when there is no such run.
   */
  public Optional<Run> cancelOrRemove(RunKind kind, String id) {
    Run run = db.find(kind, id).orElseThrow(() -> new java.util.NoSuchElementException(kind.id() + " " + id));
    if (run.status().isFinal()) {
      db.delete(kind, id);
      return Optional.empty();
    }
    Job job = active.get(id);
    if (job != null) {
      job.cancelled = true;
    }
    db.finish(id, RunStatus.CANCELLED, Optional.empty(), Optional.of("cancelled by a client"), now());
    return db.find(kind, id);
  }

  /** Prometheus text of the run counters, the queue and run durations. */
  public String prometheusMetrics() {
    return metrics.prometheus(pool.getQueue().size(), running.get(), queueCapacity);
  }

  public int queueDepth() {
    return pool.getQueue().size();
  }

  @Override
  public void close() {
    closing = true;
    active.values().forEach(j -> j.cancelled = true);
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // What did not finish is interrupted, exactly as after a crash.
    db.markInterrupted(now());
  }

  private RunHandler handler(RunKind kind) {
    RunHandler h = handlers.get(kind);
    if (h == null) {
      throw new IllegalStateException("no handler for runs of kind " + kind.id());
    }
    return h;
  }

  private int retryAfterSeconds() {
    // NOTE: a rough hint: the queue drains at the pool's pace; a few seconds keeps clients polite.
    return Math.max(1, Math.min(60, (queueCapacity / Math.max(1, pool.getMaximumPoolSize())) / 4 + 1));
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }

  /** One accepted run on its way through the pool. */
  private final class Job implements Runnable, RunControl {
    final String id;
    final RunKind kind;
    final JsonNode spec;
    final long memoryBytes;
    volatile boolean cancelled;
    private final AtomicBoolean slotFreed = new AtomicBoolean();
    private double lastProgress;
    private long lastWriteNs;

    Job(String id, RunKind kind, JsonNode spec, long memoryBytes) {
      this.memoryBytes = memoryBytes;
      this.id = id;
      this.kind = kind;
      this.spec = spec;
    }

    @Override
    public void run() {
      int reserved = 0;
      try {
        if (cancelled) {
          return;
        }
        reserved = memory.acquire(memoryBytes);
        if (cancelled || !db.markRunning(id, now())) {
          return;
        }
        running.incrementAndGet();
        metrics.started(kind);
        long t0 = System.nanoTime();
        String outcome = execute();
        metrics.finished(kind, outcome, (System.nanoTime() - t0) / 1e9);
        running.decrementAndGet();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "run " + id + " could not be recorded", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        memory.release(reserved);
        active.remove(id);
        freeSlot();
      }
    }

    /** Gives the run's admission slot back, once. */
    private void freeSlot() {
      if (slotFreed.compareAndSet(false, true)) {
        admission.release();
      }
    }

    /**
     * Stores the run's final status. NOTE: the slot is freed first, so a client that sees the run
     * finished can submit the next one at once; freed after the write, a submission in between was
     * refused as if the queue were still full (the pool's own queue is unbounded, so a run admitted
     * while this thread winds down just waits for it).
     */
    private void finish(RunStatus status, Optional<String> result, Optional<String> error) {
      freeSlot();
      db.finish(id, status, result, error, now());
    }

    private String execute() {
      try {
        JsonNode result = handler(kind).execute(spec, this);
        if (cancelled) {
          return "cancelled";
        }
        finish(RunStatus.DONE, Optional.of(json.writeValueAsString(result)), Optional.empty());
        return "done";
      } catch (RunCancelledException e) {
        return "cancelled";
      } catch (Exception e) {
        if (closing) {
          // The server is stopping: close() marks this run interrupted.
          return "cancelled";
        }
        if (cancelled) {
          return "cancelled";
        }
        return fail(e);
      } catch (OutOfMemoryError | StackOverflowError e) {
        return fail(e);
      }
    }

    private String fail(Throwable e) {
      if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
          || e instanceof UnsupportedOperationException) {
        finish(RunStatus.FAILED, Optional.empty(), Optional.of(oneLine(e)));
        return "failed";
      }
      String incident = UUID.randomUUID().toString();
      LOG.log(Level.SEVERE, "incident " + incident + ": run " + id + " failed unexpectedly", e);
      finish(RunStatus.FAILED, Optional.empty(), Optional.of(e instanceof OutOfMemoryError
          ? "the run ran out of server memory and was stopped (other runs go on); lower replicas or num_requests"
          : "internal error while running; incident " + incident + " in the server log"));
      return "failed";
    }

    @Override
    public void progress(double fraction) {
      double f = Math.max(0, Math.min(1, fraction));
      long t = System.nanoTime();
      if (f - lastProgress >= 0.01 && t - lastWriteNs >= PROGRESS_WRITE_INTERVAL_NS) {
        lastProgress = f;
        lastWriteNs = t;
        db.updateProgress(id, f);
      }
    }

    @Override
    public boolean isCancelled() {
      return cancelled || Thread.currentThread().isInterrupted();
    }
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("\\s*\\R\\s*", "; ");
  }
}
