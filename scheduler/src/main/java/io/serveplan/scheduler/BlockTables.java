package io.serveplan.scheduler;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker's copy of the block tables of a plain (single KV-cache group) model, kept from the
 * plans alone, as vLLM's model runner keeps its own from {@code new_block_ids}: a new or resumed
 * request's {@link ScheduledRequest#newBlockIds} is its whole table, a continuing request's are
 * appended, and preempted and finished requests are dropped. After {@link #apply} the table of
 * every scheduled request equals {@link Scheduler#blockTable(long)}. Not for hybrid models (their
 * new blocks mix groups; ask {@link Scheduler#blockTable(long, int)}). Not thread-safe.
 */
public final class BlockTables {

  private static final int[] EMPTY = new int[0];

  private final Map<Long, int[]> tables = new HashMap<>();
  private final Map<Long, Integer> lengths = new HashMap<>();

  /** Brings the tables up to date with {@code plan}, the next plan in order. */
  public void apply(StepPlan plan) {
    for (long id : plan.finishedRequestIds()) {
      drop(id);
    }
    for (long id : plan.preemptedRequestIds()) {
      drop(id);
    }
    replace(plan.newRequests());
    replace(plan.resumedRequests());
    List<ScheduledRequest> continuing = plan.continuingRequests();
    for (int i = 0, n = continuing.size(); i < n; i++) {
      append(continuing.get(i));
    }
  }

  /** The table of {@code requestId} (a copy); empty when it holds none here. */
  public int[] table(long requestId) {
    int[] t = tables.get(requestId);
    return t == null ? EMPTY : Arrays.copyOf(t, lengths.get(requestId));
  }

  /** Forgets a request (e.g. one the caller saw finish). */
  public void drop(long requestId) {
    tables.remove(requestId);
    lengths.remove(requestId);
  }

  /** Number of requests with a table. */
  public int size() {
    return tables.size();
  }

  private void replace(List<ScheduledRequest> admitted) {
    for (int i = 0, n = admitted.size(); i < n; i++) {
      ScheduledRequest sr = admitted.get(i);
      tables.put(sr.requestId(), sr.newBlockIds().clone());
      lengths.put(sr.requestId(), sr.newBlockIds().length);
    }
  }

  private void append(ScheduledRequest sr) {
    int[] add = sr.newBlockIds();
    if (add.length == 0) {
      return;
    }
    int[] t = tables.get(sr.requestId());
    if (t == null) {
      throw new IllegalStateException("request " + sr.requestId()
          + " continues without a table here: plans were skipped");
    }
    int len = lengths.get(sr.requestId());
    if (t.length < len + add.length) {
      t = Arrays.copyOf(t, Math.max(len + add.length, t.length * 2));
      tables.put(sr.requestId(), t);
    }
    System.arraycopy(add, 0, t, len, add.length);
    lengths.put(sr.requestId(), len + add.length);
  }
}
