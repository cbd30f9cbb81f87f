package io.serveplan.simulator;

import io.serveplan.scheduler.Scheduler;
import io.serveplan.simulator.client.ClientDriver;
import io.serveplan.simulator.cluster.Router;
import io.serveplan.simulator.event.Event;
import io.serveplan.simulator.event.EventQueue;
import io.serveplan.simulator.metrics.MetricsCollector;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.timing.StepTimeModel;
import io.serveplan.simulator.workload.Workload;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * Replicas and a router on one clock: the simulation's event loop. The {@link ClientDriver} sends
 * the workload's requests ({@link Event#ARRIVAL}); an arrival the engine takes is routed to a
 * replica, which steps itself ({@link Replica}: {@link Event#SCHEDULE} and
 * {@link Event#BATCH_TIMEOUT} start a step, {@link Event#STEP_DONE} ends it); a finished request
 * frees its client. Events of one instant run in {@link Event}'s priority order, then in the order
 * they were pushed, so every run of one spec is the same. Not thread-safe; runs once.
 */
final class Cluster implements Replica.Host {

  private final EventQueue events = new EventQueue();
  private final Replica[] replicas;
  private final int[] outstanding;
  private final Router router;
  private final Workload workload;
  private final ClientDriver clients;
  private final MetricsCollector metrics;
  private final RequestLedger ledger;
  private final TimeSeriesSampler sampler;
  private final SimulationOptions options;
  private final long maxSimNs;

  /**
   * @param maxModelLen the longest request a replica takes ({@link ClientDriver#maxModelLen})
   */
  Cluster(int numReplicas, Supplier<Scheduler> schedulers, Supplier<StepTimeModel> timeModels,
      long kvBytesPerBlock, long maxModelLen, Router router, Workload workload,
      SimulationOptions options) {
    this.router = router;
    this.workload = workload;
    this.options = options;
    boolean keepItl = options.keepRequests() && options.keepItl();
    metrics = new MetricsCollector(workload.size(), keepItl);
    ledger = new RequestLedger(workload.size());
    replicas = new Replica[numReplicas];
    outstanding = new int[numReplicas];
    for (int r = 0; r < numReplicas; r++) {
      replicas[r] = new Replica(r, schedulers.get(), timeModels.get(), events, metrics, ledger,
          kvBytesPerBlock, options.fastDecode() && !keepItl, this);
    }
    clients = new ClientDriver(workload, workload.concurrency(), replicas[0].scheduler, maxModelLen,
        (timeNs, request) -> events.push(timeNs, Event.ARRIVAL, request));
    maxSimNs = options.maxSimulatedSeconds() * 1_000_000_000L;
    sampler = new TimeSeriesSampler(replicas, 250_000_000L);
  }

  /** Runs every event until none is left (all requests finished or refused). */
  void run() {
    clients.start();
    long eventsHandled = 0;
    while (!events.isEmpty()) {
      events.pop();
      long now = events.nowNs();
      if (now > maxSimNs) {
        throw tooSlow();
      }
      sampler.advance(now);
      switch (events.event()) {
        case STEP_DONE -> replicas[events.payload()].endStep(now);
        case ARRIVAL -> arrive(events.payload(), now);
        case SCHEDULE, BATCH_TIMEOUT -> replicas[events.payload()].startStep(now);
        default -> throw new IllegalStateException("event " + events.event());
      }
      if ((++eventsHandled & 0x3FFF) == 0) {
        if (options.cancelled().getAsBoolean()) {
          throw new CancellationException("simulation cancelled at " + now / 1e9 + " s");
        }
        options.progress().progress(now / 1e9, metrics.completed(), workload.size());
      }
    }
  }

  private void arrive(int i, long now) {
    metrics.arrival(i, now, workload.promptLen(i));
    if (!clients.arrive(i, now)) {
      return;
    }
    int r = router.route(outstanding, workload.group(i));
    outstanding[r]++;
    replicas[r].admit(ledger.routed(i, workload.promptTokens(i), workload.outputLen(i), now, r), now);
  }

  @Override
  public void finished(Replica replica, int request, long nowNs) {
    outstanding[replica.index]--;
    clients.finished(nowNs);
  }

  @Override
  public long fastRunStopNs() {
    long stopAt = Math.min(clients.nextOpenArrivalNs(), maxSimNs);
    if (clients.closedLoop() && replicas.length > 1) {
      // a closed-loop client may send a request here whenever another replica's step ends
      stopAt = Math.min(stopAt, events.peekTimeNs());
    }
    return stopAt;
  }

  private SpecException tooSlow() {
    return new SpecException("workload", String.format(java.util.Locale.ROOT,
        "the run passed its limit of %d s of simulated time with %d of %d requests finished "
            + "(the configuration does not keep up with the load; lower the rate or raise the "
            + "limit, e.g. simulate --max-simulated-seconds)",
        options.maxSimulatedSeconds(), metrics.completed(), workload.size()));
  }

  Replica[] replicas() {
    return replicas;
  }

  MetricsCollector metrics() {
    return metrics;
  }

  RequestLedger ledger() {
    return ledger;
  }

  TimeSeriesSampler sampler() {
    return sampler;
  }

  int numRefused() {
    return clients.numRefused();
  }
}
