package io.serveplan.executor.engine;

import io.serveplan.scheduler.Request;
import io.serveplan.scheduler.Scheduler;
import io.serveplan.simulator.client.ClientDriver;
import io.serveplan.simulator.client.RequestSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The clients of one {@link Engine} run: the simulator's {@link ClientDriver} (open loop in arrival
 * order, or closed-loop clients in list order; the same refusal rule) over the run's requests,
 * with the requests it has sent waiting, in the order sent, until the engine's clock reaches them.
 */
final class EngineClients implements RequestSource {

  private final List<EngineRequest> requests;
  private final ClientDriver driver;
  // sent and not yet arrived, in the order sent
  private long[] sentNs = new long[16];
  private int[] sentIndex = new int[16];
  private int head;
  private int tail;
  private int numArrived;

  EngineClients(List<EngineRequest> requests, int concurrency, Scheduler scheduler, long maxModelLen) {
    List<EngineRequest> ordered = new ArrayList<>(requests);
    if (concurrency == 0) {
      ordered.sort(Comparator.comparingLong(EngineRequest::arrivalNs));
    }
    this.requests = ordered;
    this.driver = new ClientDriver(this, concurrency, scheduler, maxModelLen, this::sent);
    driver.start();
  }

  /** Whether a request is sent and has not arrived yet (more may follow as requests finish). */
  boolean hasPending() {
    return head < tail;
  }

  /** The time of the next request sent and not yet arrived. */
  long nextArrivalNs() {
    return sentNs[head];
  }

  /**
   * Hands the scheduler every request sent by {@code nowNs}, each arriving at the time it was sent;
   * the ones the engine refuses are not queued (their clients send their next at once).
   */
  void admit(long nowNs, Scheduler scheduler, Map<Long, Sequence> sequences) {
    while (head < tail && sentNs[head] <= nowNs) {
      long t = sentNs[head];
      int i = sentIndex[head++];
      numArrived++;
      if (!driver.arrive(i, t)) {
        continue;
      }
      EngineRequest r = requests.get(i);
      sequences.put(r.requestId(), new Sequence(r.requestId(), r.promptTokenIds(), r.numOutputTokens(), t));
      scheduler.addRequest(new Request(r.requestId(), r.promptTokenIds(), r.numOutputTokens(), t, 0, 0L));
    }
  }

  /** A request ended at {@code nowNs}: its closed-loop client sends the next. */
  void finished(long nowNs) {
    driver.finished(nowNs);
  }

  int numNotArrived() {
    return requests.size() - numArrived;
  }

  int numRefused() {
    return driver.numRefused();
  }

  private void sent(long timeNs, int request) {
    if (tail == sentNs.length) {
      int live = tail - head;
      long[] t = new long[Math.max(16, live * 2)];
      int[] ix = new int[t.length];
      System.arraycopy(sentNs, head, t, 0, live);
      System.arraycopy(sentIndex, head, ix, 0, live);
      sentNs = t;
      sentIndex = ix;
      head = 0;
      tail = live;
    }
    sentNs[tail] = timeNs;
    sentIndex[tail++] = request;
  }

  // RequestSource over the requests in the order the driver sends them

  @Override
  public int size() {
    return requests.size();
  }

  @Override
  public long arrivalNs(int i) {
    return requests.get(i).arrivalNs();
  }

  @Override
  public int promptLen(int i) {
    return requests.get(i).promptTokenIds().length;
  }

  @Override
  public int outputLen(int i) {
    return requests.get(i).numOutputTokens();
  }
}
