package io.serveplan.simulator.client;

import io.serveplan.scheduler.Scheduler;

/**
 * The clients of one run, as a benchmark tool drives an engine, on the caller's clock: open-loop
 * arrivals (a rate process or a replayed trace, each request at its arrival time) or closed-loop
 * clients ({@code concurrency} of them, as {@code vllm bench serve --max-concurrency}: the first
 * {@code concurrency} requests at time 0, then, in index order, one each time a client's request
 * ends). It also applies the engine's refusal rule ({@link #refuses}): a refused request's client
 * sends its next request at once. The simulator and the executor's engine both drive their runs
 * through it, so they send the same requests at the same moments of their clocks.
 *
 * <p>The driver only decides what is sent when; the caller delivers each send ({@link Sender}) on
 * its own clock — an event queue, or a queue of requests waiting for the wall clock — and calls
 * {@link #arrive} when a sent request reaches the engine and {@link #finished} when one ends.
 * Open-loop arrivals are sent one at a time (the next when the previous arrives). Not thread-safe.
 */
public final class ClientDriver {

  /** Delivers request {@code request} to the engine at {@code timeNs} (never before the caller's now). */
  @FunctionalInterface
  public interface Sender {
    void send(long timeNs, int request);
  }

  private final RequestSource requests;
  private final int concurrency;
  private final Scheduler scheduler;
  private final long maxModelLen;
  private final Sender sender;
  private int nextOpen;
  private int nextClosed;
  private long nextOpenArrivalNs = Long.MAX_VALUE;
  private int numRefused;

  /**
   * @param concurrency closed-loop clients, 0 for open loop
   * @param scheduler the engine's scheduler (one replica's, for a cluster of identical replicas):
   *     its block pool bounds what a request may need
   * @param maxModelLen the longest request (prompt + output tokens) the engine takes: the KV cache's
   *     tokens or the model's context, whichever is smaller ({@link #maxModelLen(long, long)})
   */
  public ClientDriver(RequestSource requests, int concurrency, Scheduler scheduler, long maxModelLen,
      Sender sender) {
    if (concurrency < 0) {
      throw new IllegalArgumentException("concurrency: " + concurrency + " must be >= 0 (0 = open loop)");
    }
    this.requests = requests;
    this.concurrency = concurrency;
    this.scheduler = scheduler;
    this.maxModelLen = maxModelLen;
    this.sender = sender;
  }

  /** An engine's max_model_len: the tokens its KV cache holds, or its context, whichever is smaller. */
  public static long maxModelLen(long kvCapacityTokens, long maxPositionEmbeddings) {
    return Math.min(kvCapacityTokens, maxPositionEmbeddings);
  }

  /** Sends the first requests: each closed-loop client's first, or the first open-loop arrival. */
  public void start() {
    if (concurrency > 0) {
      int c = Math.min(concurrency, requests.size());
      for (int i = 0; i < c; i++) {
        sender.send(0, i);
      }
      nextClosed = c;
    } else {
      sendNextOpen();
    }
  }

  /**
   * Request {@code i}, sent for {@code sentNs}, reaches the engine. The next open-loop arrival is
   * sent; a request the engine refuses is counted and its client (closed loop) sends its next.
   *
   * @return whether the engine takes it (false: refused)
   */
  public boolean arrive(int i, long sentNs) {
    if (concurrency == 0) {
      sendNextOpen();
    }
    if (refuses(requests.promptLen(i), requests.outputLen(i))) {
      // NOTE: like an engine refusing a request longer than its KV cache / max_model_len.
      numRefused++;
      finished(sentNs);
      return false;
    }
    return true;
  }

  /** A request ended at {@code nowNs}: its closed-loop client sends the next request now. */
  public void finished(long nowNs) {
    if (concurrency > 0 && nextClosed < requests.size()) {
      sender.send(nowNs, nextClosed++);
    }
  }

  /**
   * The refusal rule: a request longer than {@code maxModelLen}, or needing more KV blocks than the
   * pool holds at any point of its life, can never run.
   */
  public boolean refuses(int promptLen, int outputLen) {
    return promptLen + (long) outputLen > maxModelLen
        || scheduler.maxBlocksNeeded(promptLen, outputLen) > scheduler.config().numGpuBlocks();
  }

  /** The time of the open-loop arrival sent and not yet arrived; {@link Long#MAX_VALUE} when none (or closed loop). */
  public long nextOpenArrivalNs() {
    return nextOpenArrivalNs;
  }

  public boolean closedLoop() {
    return concurrency > 0;
  }

  public int numRefused() {
    return numRefused;
  }

  private void sendNextOpen() {
    if (nextOpen < requests.size()) {
      nextOpenArrivalNs = requests.arrivalNs(nextOpen);
      sender.send(nextOpenArrivalNs, nextOpen++);
    } else {
      nextOpenArrivalNs = Long.MAX_VALUE;
    }
  }
}
