package io.serveplan.web.run;

import io.serveplan.web.db.RunKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Counters and a run-duration histogram per run kind, written out in the Prometheus text format.
 * Thread-safe; counts since this process started.
 */
public final class RunMetrics {

  /** Histogram bucket upper bounds, seconds. */
  static final double[] BUCKETS_S = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800};

  private final Map<RunKind, PerKind> perKind = new EnumMap<>(RunKind.class);

  public RunMetrics() {
    for (RunKind k : RunKind.values()) {
      perKind.put(k, new PerKind());
    }
  }

  void submitted(RunKind kind) {
    perKind.get(kind).submitted.incrementAndGet();
  }

  void rejected(RunKind kind) {
    perKind.get(kind).rejected.incrementAndGet();
  }

  void started(RunKind kind) {
    perKind.get(kind).started.incrementAndGet();
  }

  void finished(RunKind kind, String outcome, double seconds) {
    PerKind p = perKind.get(kind);
    switch (outcome) {
      case "done" -> p.done.incrementAndGet();
      case "failed" -> p.failed.incrementAndGet();
      default -> p.cancelled.incrementAndGet();
    }
    for (int i = 0; i < BUCKETS_S.length; i++) {
      if (seconds <= BUCKETS_S[i]) {
        p.buckets.incrementAndGet(i);
      }
    }
    p.count.incrementAndGet();
    p.sumSeconds.add(seconds);
  }

  /** The metrics as Prometheus text exposition format 0.0.4. */
  public String prometheus(int queueDepth, int running, int queueCapacity) {
    StringBuilder out = new StringBuilder();
    counter(out, "serveplan_runs_submitted_total", "Runs accepted for execution.", p -> p.submitted.get());
    counter(out, "serveplan_runs_rejected_total", "Submissions refused with 429 because the queue was full.", p -> p.rejected.get());
    counter(out, "serveplan_runs_started_total", "Runs a worker started.", p -> p.started.get());
    counter(out, "serveplan_runs_finished_total", "Runs that finished with a result.", p -> p.done.get());
    counter(out, "serveplan_runs_failed_total", "Runs that failed.", p -> p.failed.get());
    counter(out, "serveplan_runs_cancelled_total", "Runs cancelled while queued or running.", p -> p.cancelled.get());
    gauge(out, "serveplan_run_queue_depth", "Runs waiting for a worker.", queueDepth);
    gauge(out, "serveplan_runs_running", "Runs executing now.", running);
    gauge(out, "serveplan_run_queue_capacity", "Runs that may wait before submissions get 429.", queueCapacity);
    out.append("# HELP serveplan_run_duration_seconds Wall time of finished runs, from start to end.\n");
    out.append("# TYPE serveplan_run_duration_seconds histogram\n");
    perKind.forEach((kind, p) -> {
      for (int i = 0; i < BUCKETS_S.length; i++) {
        out.append("serveplan_run_duration_seconds_bucket{kind=\"").append(kind.id()).append("\",le=\"")
            .append(BUCKETS_S[i]).append("\"} ").append(p.buckets.get(i)).append('\n');
      }
      out.append("serveplan_run_duration_seconds_bucket{kind=\"").append(kind.id()).append("\",le=\"+Inf\"} ")
          .append(p.count.get()).append('\n');
      out.append("serveplan_run_duration_seconds_sum{kind=\"").append(kind.id()).append("\"} ")
          .append(p.sumSeconds.sum()).append('\n');
      out.append("serveplan_run_duration_seconds_count{kind=\"").append(kind.id()).append("\"} ")
          .append(p.count.get()).append('\n');
    });
    return out.toString();
  }

  private void counter(StringBuilder out, String name, String help, java.util.function.ToLongFunction<PerKind> value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    perKind.forEach((kind, p) -> out.append(name).append("{kind=\"").append(kind.id()).append("\"} ")
        .append(value.applyAsLong(p)).append('\n'));
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append(' ').append(value).append('\n');
  }

  private static final class PerKind {
    final AtomicLong submitted = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong started = new AtomicLong();
    final AtomicLong done = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong cancelled = new AtomicLong();
    final AtomicLongArray buckets = new AtomicLongArray(BUCKETS_S.length);
    final AtomicLong count = new AtomicLong();
    final DoubleAdder sumSeconds = new DoubleAdder();
  }
}
