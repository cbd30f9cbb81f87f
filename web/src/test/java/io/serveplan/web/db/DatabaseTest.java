package io.serveplan.web.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatabaseTest {

  static final OffsetDateTime T0 = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  Database db;

  @BeforeEach
  void freshInMemoryDatabase() {
    db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void storesARunAndReadsItBack() {
    db.insert(Run.queued("r1", RunKind.SIMULATION, "{\"model\":\"llama-3.1-8b\"}", T0));

    Run run = db.find(RunKind.SIMULATION, "r1").orElseThrow();

    assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
    assertThat(run.specJson()).isEqualTo("{\"model\":\"llama-3.1-8b\"}");
    assertThat(run.createdAt().toInstant()).isEqualTo(T0.toInstant());
    assertThat(db.find(RunKind.RECOMMENDATION, "r1")).isEmpty();
  }

  @Test
  void listsRunsOfOneKindNewestFirstInPages() {
    for (int i = 0; i < 5; i++) {
      db.insert(Run.queued("s" + i, RunKind.SIMULATION, "{}", T0.plusSeconds(i)));
    }
    db.insert(Run.queued("x", RunKind.RECOMMENDATION, "{}", T0));

    RunPage first = db.list(RunKind.SIMULATION, 0, 2);
    RunPage last = db.list(RunKind.SIMULATION, 2, 2);

    assertThat(first.runs()).extracting(Run::id).containsExactly("s4", "s3");
    assertThat(last.runs()).extracting(Run::id).containsExactly("s0");
    assertThat(first.total()).isEqualTo(5);
  }

  @Test
  void aRunGoesFromQueuedThroughRunningToDoneWithItsResult() {
    db.insert(Run.queued("r", RunKind.SIMULATION, "{}", T0));

    assertThat(db.markRunning("r", T0.plusSeconds(1))).isTrue();
    db.updateProgress("r", 0.5);
    assertThat(db.find(RunKind.SIMULATION, "r").orElseThrow().progress()).isEqualTo(0.5);
    assertThat(db.finish("r", RunStatus.DONE, Optional.of("{\"completed\":10}"), Optional.empty(), T0.plusSeconds(2)))
        .isTrue();

    Run run = db.find(RunKind.SIMULATION, "r").orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.DONE);
    assertThat(run.progress()).isEqualTo(1.0);
    assertThat(run.resultJson()).contains("{\"completed\":10}");
    assertThat(run.finishedAt()).isPresent();
  }

  @Test
  void aCancelledRunIsNotOverwrittenWhenItsWorkerFinishes() {
    db.insert(Run.queued("r", RunKind.SIMULATION, "{}", T0));
    db.markRunning("r", T0);
    db.finish("r", RunStatus.CANCELLED, Optional.empty(), Optional.empty(), T0);

    boolean changed = db.finish("r", RunStatus.DONE, Optional.of("{}"), Optional.empty(), T0);

    assertThat(changed).isFalse();
    assertThat(db.find(RunKind.SIMULATION, "r").orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(db.markRunning("r", T0)).isFalse();
  }

  @Test
  void marksQueuedAndRunningRunsInterruptedButLeavesFinishedOnesAlone() {
    db.insert(Run.queued("q", RunKind.SIMULATION, "{}", T0));
    db.insert(Run.queued("r", RunKind.SIMULATION, "{}", T0));
    db.insert(Run.queued("d", RunKind.SIMULATION, "{}", T0));
    db.markRunning("r", T0);
    db.markRunning("d", T0);
    db.finish("d", RunStatus.DONE, Optional.of("{}"), Optional.empty(), T0);

    int interrupted = db.markInterrupted(T0.plusSeconds(9));

    assertThat(interrupted).isEqualTo(2);
    assertThat(db.find(RunKind.SIMULATION, "q").orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(db.find(RunKind.SIMULATION, "r").orElseThrow().error()).isPresent();
    assertThat(db.find(RunKind.SIMULATION, "d").orElseThrow().status()).isEqualTo(RunStatus.DONE);
    assertThat(db.countByStatus()).containsEntry(RunStatus.INTERRUPTED, 2L).containsEntry(RunStatus.DONE, 1L);
  }

  @Test
  void storesCalibrationProfilesOncePerId() {
    StoredCalibration c = new StoredCalibration("cpu-stories-15m", "cpu", "cpu-local", "stories-15m", "{}", T0);

    assertThat(db.insertCalibration(c)).isTrue();
    assertThat(db.insertCalibration(c)).isFalse();
    assertThat(db.findCalibration("cpu-stories-15m")).isPresent();
    assertThat(db.calibrations()).hasSize(1);
  }

  @Test
  void deletesARun() {
    db.insert(Run.queued("r", RunKind.RECOMMENDATION, "{}", T0));

    assertThat(db.delete(RunKind.RECOMMENDATION, "r")).isTrue();
    assertThat(db.find(RunKind.RECOMMENDATION, "r")).isEmpty();
  }
}
