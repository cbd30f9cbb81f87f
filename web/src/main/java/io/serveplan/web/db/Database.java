package io.serveplan.web.db;

import static io.serveplan.web.db.schema.Tables.CALIBRATION_PROFILES;
import static io.serveplan.web.db.schema.Tables.CATALOG_ENTRIES;
import static io.serveplan.web.db.schema.Tables.RUNS;

import io.serveplan.web.db.schema.tables.records.RunsRecord;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * ServePlan's store: runs and calibration profiles, in H2 (a file by default) or PostgreSQL. Opening
 * it applies the Flyway migrations in {@code db/migration} — the same SQL jOOQ's classes were
 * generated from — and marks the runs a previous process left queued or running as interrupted.
 *
 * <p>Thread-safe: every call takes a connection from the pool and gives it back.
 */
public final class Database implements AutoCloseable {

  private final DataSource dataSource;
  private final DSLContext dsl;

  private Database(DataSource dataSource, SQLDialect dialect) {
    this.dataSource = dataSource;
    // NOTE: names are generated lower case and rendered unquoted, so that H2 (which folds to upper
    // case) and PostgreSQL (lower case) both find the tables the migration created.
    Settings settings = new Settings()
        .withRenderQuotedNames(RenderQuotedNames.NEVER)
        .withRenderSchema(false)
        .withExecuteLogging(false);
    this.dsl = DSL.using(dataSource, dialect, settings);
  }

  /**
   * Opens (creating when absent) the database at {@code jdbcUrl} and migrates it.
   *
   * @throws IllegalArgumentException when the URL is neither H2 nor PostgreSQL
   */
  public static Database open(String jdbcUrl) {
    DataSource ds;
    SQLDialect dialect;
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      ds = JdbcConnectionPool.create(durable(jdbcUrl), "sa", "");
      ((JdbcConnectionPool) ds).setMaxConnections(16);
      dialect = SQLDialect.H2;
    } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      PGSimpleDataSource pg = new PGSimpleDataSource();
      pg.setURL(jdbcUrl);
      ds = pg;
      dialect = SQLDialect.POSTGRES;
    } else {
      throw new IllegalArgumentException("db: '" + jdbcUrl + "' is not supported; allowed jdbc:h2:... or jdbc:postgresql:...");
    }
    Flyway.configure(Database.class.getClassLoader())
        .dataSource(ds)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    return new Database(ds, dialect);
  }

  /**
   * NOTE: H2 writes commits to its file up to a second late by default; a process killed within
   * that second would lose the runs it had just accepted. WRITE_DELAY=0 writes each commit at once
   * (to the OS; a killed process loses nothing, only a machine crash could).
   */
  static String durable(String h2Url) {
    return h2Url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=") ? h2Url : h2Url + ";WRITE_DELAY=0";
  }

  // ---- runs ----------------------------------------------------------------------------------

  public void insert(Run run) {
    dsl.insertInto(RUNS)
        .set(RUNS.ID, run.id())
        .set(RUNS.KIND, run.kind().id())
        .set(RUNS.STATUS, run.status().id())
        .set(RUNS.PROGRESS, run.progress())
        .set(RUNS.SPEC, run.specJson())
        .set(RUNS.RESULT, run.resultJson().orElse(null))
        .set(RUNS.ERROR, run.error().orElse(null))
        .set(RUNS.CREATED_AT, run.createdAt())
        .set(RUNS.STARTED_AT, run.startedAt().orElse(null))
        .set(RUNS.FINISHED_AT, run.finishedAt().orElse(null))
        .execute();
  }

  public Optional<Run> find(RunKind kind, String id) {
    return dsl.selectFrom(RUNS).where(RUNS.ID.eq(id)).and(RUNS.KIND.eq(kind.id()))
        .fetchOptional().map(Database::toRun);
  }

  /** Runs of one kind, newest first; {@code page} counts from 0. */
  public RunPage list(RunKind kind, int page, int size) {
    List<Run> runs = dsl.selectFrom(RUNS).where(RUNS.KIND.eq(kind.id()))
        .orderBy(RUNS.SEQ.desc())
        .limit(size).offset((long) page * size)
        .fetch(Database::toRun);
    long total = dsl.fetchCount(RUNS, RUNS.KIND.eq(kind.id()));
    return new RunPage(runs, page, size, total);
  }

  /** Moves a queued run to running; false when it is no longer queued (cancelled meanwhile). */
  public boolean markRunning(String id, OffsetDateTime now) {
    return dsl.update(RUNS)
        .set(RUNS.STATUS, RunStatus.RUNNING.id())
        .set(RUNS.STARTED_AT, now)
        .where(RUNS.ID.eq(id)).and(RUNS.STATUS.eq(RunStatus.QUEUED.id()))
        .execute() == 1;
  }

  public void updateProgress(String id, double progress) {
    dsl.update(RUNS).set(RUNS.PROGRESS, progress)
        .where(RUNS.ID.eq(id)).and(RUNS.STATUS.eq(RunStatus.RUNNING.id()))
        .execute();
  }

  /**
   * Records how a queued or running run ended; false when it had already ended (for instance
   * cancelled while it ran), in which case nothing changes.
   */
  public boolean finish(String id, RunStatus status, Optional<String> resultJson, Optional<String> error,
      OffsetDateTime now) {
    if (!status.isFinal()) {
      throw new IllegalArgumentException("finish: " + status + " is not a final status");
    }
    var update = dsl.update(RUNS)
        .set(RUNS.STATUS, status.id())
        .set(RUNS.RESULT, resultJson.orElse(null))
        .set(RUNS.ERROR, error.orElse(null))
        .set(RUNS.FINISHED_AT, now);
    if (status == RunStatus.DONE) {
      update = update.set(RUNS.PROGRESS, 1.0);
    }
    return update.where(RUNS.ID.eq(id))
        .and(RUNS.STATUS.in(RunStatus.QUEUED.id(), RunStatus.RUNNING.id()))
        .execute() == 1;
  }

  public boolean delete(RunKind kind, String id) {
    return dsl.deleteFrom(RUNS).where(RUNS.ID.eq(id)).and(RUNS.KIND.eq(kind.id())).execute() == 1;
  }

  /** Marks every queued or running run as interrupted; returns how many there were. */
  public int markInterrupted(OffsetDateTime now) {
    return dsl.update(RUNS)
        .set(RUNS.STATUS, RunStatus.INTERRUPTED.id())
        .set(RUNS.ERROR, "the server stopped before this run finished; submit it again")
        .set(RUNS.FINISHED_AT, now)
        .where(RUNS.STATUS.in(RunStatus.QUEUED.id(), RunStatus.RUNNING.id()))
        .execute();
  }

  /** How many runs are in each status (every status present, zero when none). */
  public Map<RunStatus, Long> countByStatus() {
    Map<RunStatus, Long> counts = new EnumMap<>(RunStatus.class);
    for (RunStatus s : RunStatus.values()) {
      counts.put(s, 0L);
    }
    dsl.select(RUNS.STATUS, DSL.count()).from(RUNS).groupBy(RUNS.STATUS)
        .forEach(r -> counts.put(RunStatus.fromId(r.value1()), (long) r.value2()));
    return counts;
  }

  private static Run toRun(RunsRecord r) {
    return new Run(r.getId(), RunKind.fromId(r.getKind()), RunStatus.fromId(r.getStatus()), r.getProgress(),
        r.getSpec(), Optional.ofNullable(r.getResult()), Optional.ofNullable(r.getError()), r.getCreatedAt(),
        Optional.ofNullable(r.getStartedAt()), Optional.ofNullable(r.getFinishedAt()));
  }

  // ---- calibration profiles ------------------------------------------------------------------

  /** Stores a profile; false when a profile with this id exists already. */
  public boolean insertCalibration(StoredCalibration c) {
    return dsl.insertInto(CALIBRATION_PROFILES)
        .set(CALIBRATION_PROFILES.ID, c.id())
        .set(CALIBRATION_PROFILES.BACKEND, c.backend())
        .set(CALIBRATION_PROFILES.HARDWARE, c.hardware())
        .set(CALIBRATION_PROFILES.MODEL, c.model())
        .set(CALIBRATION_PROFILES.PROFILE, c.profileJson())
        .set(CALIBRATION_PROFILES.CREATED_AT, c.createdAt())
        .onConflictDoNothing()
        .execute() == 1;
  }

  public Optional<StoredCalibration> findCalibration(String id) {
    return dsl.selectFrom(CALIBRATION_PROFILES).where(CALIBRATION_PROFILES.ID.eq(id)).fetchOptional()
        .map(r -> new StoredCalibration(r.getId(), r.getBackend(), r.getHardware(), r.getModel(), r.getProfile(),
            r.getCreatedAt()));
  }

  /** Every stored profile, newest first. */
  public List<StoredCalibration> calibrations() {
    return dsl.selectFrom(CALIBRATION_PROFILES).orderBy(CALIBRATION_PROFILES.SEQ.desc())
        .fetch(r -> new StoredCalibration(r.getId(), r.getBackend(), r.getHardware(), r.getModel(), r.getProfile(),
            r.getCreatedAt()));
  }

  public boolean deleteCalibration(String id) {
    return dsl.deleteFrom(CALIBRATION_PROFILES).where(CALIBRATION_PROFILES.ID.eq(id)).execute() == 1;
  }

  /** A custom catalog entry a user added: kind gpu|model|engine, id, the entry as JSON, when. */
  public record StoredCatalogEntry(String kind, String id, String entryJson, OffsetDateTime createdAt) {}

  /** Stores (or replaces) a custom catalog entry. */
  public void putCatalogEntry(String kind, String id, String entryJson, OffsetDateTime now) {
    dsl.transaction(tx -> {
      tx.dsl().deleteFrom(CATALOG_ENTRIES)
          .where(CATALOG_ENTRIES.KIND.eq(kind).and(CATALOG_ENTRIES.ID.eq(id))).execute();
      tx.dsl().insertInto(CATALOG_ENTRIES)
          .set(CATALOG_ENTRIES.KIND, kind)
          .set(CATALOG_ENTRIES.ID, id)
          .set(CATALOG_ENTRIES.ENTRY, entryJson)
          .set(CATALOG_ENTRIES.CREATED_AT, now)
          .execute();
    });
  }

  /** Stored custom catalog entries, oldest first. */
  public List<StoredCatalogEntry> catalogEntries() {
    return dsl.selectFrom(CATALOG_ENTRIES).orderBy(CATALOG_ENTRIES.SEQ.asc())
        .fetch(r -> new StoredCatalogEntry(r.getKind(), r.getId(), r.getEntry(), r.getCreatedAt()));
  }

  /** Removes a custom catalog entry; false when there was none. */
  public boolean deleteCatalogEntry(String kind, String id) {
    return dsl.deleteFrom(CATALOG_ENTRIES).where(CATALOG_ENTRIES.KIND.eq(kind).and(CATALOG_ENTRIES.ID.eq(id))).execute() == 1;
  }

  /** True when the database answers a trivial query. */
  public boolean isUp() {
    try {
      dsl.selectOne().fetch();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (dataSource instanceof JdbcConnectionPool pool) {
      pool.dispose();
    }
  }
}
