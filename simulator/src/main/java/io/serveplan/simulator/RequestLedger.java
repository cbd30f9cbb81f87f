package io.serveplan.simulator;

import io.serveplan.scheduler.Request;
import io.serveplan.simulator.metrics.MetricsCollector;
import io.serveplan.simulator.metrics.RequestRecord;
import io.serveplan.simulator.spec.SloSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Per request of a run (by index), what the scheduler knows and the metrics do not: the live
 * {@link Request} while it is in flight, the replica it was routed to, the prompt tokens the prefix
 * cache supplied and how often it was preempted; with the metrics, its {@link RequestRecord}.
 */
final class RequestLedger {

  private final Request[] inFlight;
  private final int[] replicaOf;
  private final int[] cachedTokens;
  private final int[] preemptionsOf;

  RequestLedger(int size) {
    inFlight = new Request[size];
    replicaOf = new int[size];
    cachedTokens = new int[size];
    preemptionsOf = new int[size];
  }

  /** Builds the scheduler's request for request {@code i}, routed to {@code replica}. */
  Request routed(int i, int[] promptTokens, int outputLen, long nowNs, int replica) {
    replicaOf[i] = replica;
    Request req = new Request(i, promptTokens, outputLen, nowNs, 0, 0);
    inFlight[i] = req;
    return req;
  }

  /** Tokens with KV computed for an in-flight request. */
  int computedTokens(int i) {
    return inFlight[i].numComputedTokens();
  }

  /** Request {@code i} produced its first token: its prefix-cache hit (from the step plan) is known. */
  void firstToken(int i, int numCachedTokens) {
    cachedTokens[i] = numCachedTokens;
  }

  void preempted(int i) {
    preemptionsOf[i]++;
  }

  void finished(int i, Request req) {
    preemptionsOf[i] = Math.max(preemptionsOf[i], req.numPreemptions());
    inFlight[i] = null;
  }

  /** One record per finished request, in index order. */
  List<RequestRecord> records(MetricsCollector metrics, SloSpec slo) {
    List<RequestRecord> out = new ArrayList<>();
    for (int i = 0; i < inFlight.length; i++) {
      if (!metrics.isFinished(i)) {
        continue;
      }
      out.add(new RequestRecord(i, metrics.arrivalS(i), metrics.promptTokens(i),
          metrics.produced(i), cachedTokens[i], preemptionsOf[i], replicaOf[i], metrics.ttftMs(i),
          metrics.tpotMs(i), metrics.e2elMs(i), metrics.isGood(i, slo), metrics.itlMs(i)));
    }
    return out;
  }
}
