package io.serveplan.web.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.web.db.Database;
import io.serveplan.web.db.Run;
import io.serveplan.web.db.RunKind;
import io.serveplan.web.db.RunStatus;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunServiceTest {

  static final ObjectMapper JSON = new ObjectMapper();

  Database db;
  RunService service;
  final CountDownLatch release = new CountDownLatch(1);

  /** Blocks until released or cancelled; answers {"echo": <spec>}; rejects {"bad": ...}; fails on {"fail": msg}. */
  final RunHandler handler = new RunHandler() {
    @Override
    public RunKind kind() {
      return RunKind.SIMULATION;
    }

    @Override
    public JsonNode accept(JsonNode document) {
      if (document.has("bad")) {
        throw new SpecException("bad", "not allowed");
      }
      return document;
    }

    @Override
    public long memoryEstimateBytes(JsonNode accepted) {
      return accepted.path("mb").asLong(1) << 20;
    }

    @Override
    public JsonNode execute(JsonNode spec, RunControl control) throws InterruptedException {
      if (spec.has("oom")) {
        throw new OutOfMemoryError("Java heap space");
      }
      if (spec.has("fail")) {
        throw new IllegalArgumentException(spec.get("fail").asText());
      }
      if (spec.has("block")) {
        while (!release.await(10, TimeUnit.MILLISECONDS)) {
          if (control.isCancelled()) {
            throw new RunCancelledException();
          }
        }
      }
      control.progress(0.5);
      return JSON.createObjectNode().set("echo", spec);
    }
  };

  @BeforeEach
  void open() {
    db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  @AfterEach
  void close() {
    release.countDown();
    if (service != null) {
      service.close();
    }
    db.close();
  }

  void start(int workers, int queue) {
    service = new RunService(db, JSON, List.of(handler), workers, queue);
  }

  Run awaitFinal(String id) throws InterruptedException {
    for (int i = 0; i < 1000; i++) {
      Run r = db.find(RunKind.SIMULATION, id).orElseThrow();
      if (r.status().isFinal()) {
        return r;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("run " + id + " did not finish");
  }

  Run awaitStatus(String id, RunStatus status) throws InterruptedException {
    for (int i = 0; i < 1000; i++) {
      Run r = db.find(RunKind.SIMULATION, id).orElseThrow();
      if (r.status() == status) {
        return r;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("run " + id + " never reached " + status);
  }

  @Test
  void storesASubmittedRunAndAWorkerFinishesItWithItsResult() throws Exception {
    start(2, 4);

    Run submitted = service.submit(RunKind.SIMULATION, JSON.readTree("{\"x\": 1}"));
    Run done = awaitFinal(submitted.id());

    assertThat(submitted.status()).isEqualTo(RunStatus.QUEUED);
    assertThat(done.status()).isEqualTo(RunStatus.DONE);
    assertThat(JSON.readTree(done.resultJson().orElseThrow()).get("echo").get("x").asInt()).isEqualTo(1);
    assertThat(service.prometheusMetrics()).contains("serveplan_runs_finished_total{kind=\"simulation\"} 1");
  }

  @Test
  void refusesASubmissionWhenWorkersAndQueueAreTakenAndStoresNothingForIt() throws Exception {
    start(1, 1);
    Run running = service.submit(RunKind.SIMULATION, JSON.readTree("{\"block\": 1}"));
    awaitStatus(running.id(), RunStatus.RUNNING);
    service.submit(RunKind.SIMULATION, JSON.readTree("{\"block\": 2}"));

    assertThatThrownBy(() -> service.submit(RunKind.SIMULATION, JSON.readTree("{\"block\": 3}")))
        .isInstanceOf(QueueFullException.class);
    assertThat(db.list(RunKind.SIMULATION, 0, 10).total()).isEqualTo(2);
    assertThat(service.prometheusMetrics()).contains("serveplan_runs_rejected_total{kind=\"simulation\"} 1");

    release.countDown();
    awaitFinal(running.id());
    // Capacity is back once runs end.
    Run later = service.submit(RunKind.SIMULATION, JSON.readTree("{\"x\": 4}"));
    assertThat(awaitFinal(later.id()).status()).isEqualTo(RunStatus.DONE);
  }

  @Test
  void cancellingARunningRunStopsItAndKeepsItCancelled() throws Exception {
    start(1, 1);
    Run run = service.submit(RunKind.SIMULATION, JSON.readTree("{\"block\": 1}"));
    awaitStatus(run.id(), RunStatus.RUNNING);

    Run cancelled = service.cancelOrRemove(RunKind.SIMULATION, run.id()).orElseThrow();

    assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
    // The worker notices, stops, and frees its slot; the status stays cancelled.
    Run next = service.submit(RunKind.SIMULATION, JSON.readTree("{\"x\": 2}"));
    assertThat(awaitFinal(next.id()).status()).isEqualTo(RunStatus.DONE);
    assertThat(db.find(RunKind.SIMULATION, run.id()).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void deletingAFinishedRunRemovesIt() throws Exception {
    start(1, 1);
    Run run = service.submit(RunKind.SIMULATION, JSON.readTree("{\"x\": 1}"));
    awaitFinal(run.id());

    assertThat(service.cancelOrRemove(RunKind.SIMULATION, run.id())).isEmpty();
    assertThat(db.find(RunKind.SIMULATION, run.id())).isEmpty();
  }

  @Test
  void aFailingRunRecordsItsMessageOnOneLine() throws Exception {
    start(1, 1);

    Run run = service.submit(RunKind.SIMULATION, JSON.readTree("{\"fail\": \"workload.rate: too high\\nlower it\"}"));
    Run failed = awaitFinal(run.id());

    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.error()).contains("workload.rate: too high; lower it");
  }

  @Test
  void aRejectedDocumentIsNotStored() throws Exception {
    start(1, 1);

    assertThatThrownBy(() -> service.submit(RunKind.SIMULATION, JSON.readTree("{\"bad\": true}")))
        .isInstanceOf(SpecException.class);
    assertThat(db.list(RunKind.SIMULATION, 0, 10).total()).isZero();
  }

  @Test
  void closingMarksUnfinishedRunsInterrupted() throws Exception {
    start(1, 2);
    Run running = service.submit(RunKind.SIMULATION, JSON.readTree("{\"block\": 1}"));
    Run queued = service.submit(RunKind.SIMULATION, JSON.readTree("{\"block\": 2}"));
    awaitStatus(running.id(), RunStatus.RUNNING);

    service.close();
    service = null;

    assertThat(db.find(RunKind.SIMULATION, running.id()).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(db.find(RunKind.SIMULATION, queued.id()).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
  }

  @Test
  void aRunThatRunsOutOfMemoryFailsAloneAndTheNextOneRuns() throws Exception {
    start(1, 2);

    Run oom = service.submit(RunKind.SIMULATION, JSON.readTree("{\"oom\": true}"));
    Run next = service.submit(RunKind.SIMULATION, JSON.readTree("{\"x\": 2}"));

    assertThat(awaitFinal(oom.id()).status()).isEqualTo(RunStatus.FAILED);
    assertThat(awaitFinal(oom.id()).error().orElseThrow()).contains("ran out of server memory").doesNotContain("java.lang", "Error");
    assertThat(awaitFinal(next.id()).status()).isEqualTo(RunStatus.DONE);
  }

  @Test
  void theWorkersAreBoundedByMemoryAsWellAsByCount() throws Exception {
    service = new RunService(db, JSON, List.of(handler), 3, 4, new MemoryBudget(100L << 20));

    Run big = service.submit(RunKind.SIMULATION, JSON.readTree("{\"block\": 1, \"mb\": 60}"));
    awaitStatus(big.id(), RunStatus.RUNNING);
    Run second = service.submit(RunKind.SIMULATION, JSON.readTree("{\"mb\": 60}"));
    Run small = service.submit(RunKind.SIMULATION, JSON.readTree("{\"mb\": 10}"));

    assertThat(awaitFinal(small.id()).status()).as("a small run fits beside the big one").isEqualTo(RunStatus.DONE);
    assertThat(db.find(RunKind.SIMULATION, second.id()).orElseThrow().status())
        .as("a free worker does not start a run the memory budget cannot hold").isEqualTo(RunStatus.QUEUED);
    release.countDown();
    assertThat(awaitFinal(second.id()).status()).isEqualTo(RunStatus.DONE);
  }
}
