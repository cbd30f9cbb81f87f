package io.serveplan.web.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by a server that knew only V1 (runs of every V1 kind and status) opens under
 * V2 with every stored run intact, and takes sweeps afterwards.
 */
class MigrationV2Test {

  record V1Row(String id, String kind, String status, String spec, String result, String error) {}

  static final List<V1Row> V1_ROWS = List.of(
      new V1Row("s-done", "simulation", "done", "{\"model\":\"llama-3.1-8b\"}", "{\"metrics\":{\"completed\":10}}", null),
      new V1Row("s-failed", "simulation", "failed", "{\"model\":\"qwen3-8b\"}", null, "workload.rate: must be > 0"),
      new V1Row("r-done", "recommendation", "done", "{\"workload\":{\"rate\":2}}", "{\"options\":[]}", null),
      new V1Row("r-queued", "recommendation", "queued", "{\"workload\":{\"rate\":3}}", null, null),
      new V1Row("c-cancelled", "calibration", "cancelled", "{\"model\":\"stories-15m\"}", null, "cancelled by a client"));

  @Test
  void everyRunStoredUnderV1IsReadableAfterTheMigrationAndSweepsCanBeStored(@TempDir Path dir) throws SQLException {
    String url = "jdbc:h2:file:" + dir.resolve("serveplan").toAbsolutePath();
    Flyway.configure(Database.class.getClassLoader()).dataSource(url, "sa", "").locations("classpath:db/migration")
        .target("1").load().migrate();
    OffsetDateTime t0 = OffsetDateTime.of(2026, 11, 30, 12, 0, 0, 0, ZoneOffset.UTC);
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        PreparedStatement insert = c.prepareStatement("INSERT INTO runs (id, kind, status, spec, result, error, "
            + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      assertThat(version(c)).isEqualTo("1");
      for (V1Row r : V1_ROWS) {
        insert.setString(1, r.id());
        insert.setString(2, r.kind());
        insert.setString(3, r.status());
        insert.setString(4, r.spec());
        insert.setString(5, r.result());
        insert.setString(6, r.error());
        insert.setObject(7, t0);
        insert.executeUpdate();
      }
    }
    assertThat(Files.exists(dir.resolve("serveplan.mv.db"))).isTrue();

    try (Database db = Database.open(url)) {
      for (V1Row r : V1_ROWS) {
        Run run = db.find(RunKind.fromId(r.kind()), r.id()).orElseThrow(() -> new AssertionError("lost " + r.id()));
        assertThat(run.status().id()).as(r.id()).isEqualTo(r.status());
        assertThat(run.specJson()).as(r.id()).isEqualTo(r.spec());
        assertThat(run.resultJson().orElse(null)).as(r.id()).isEqualTo(r.result());
        assertThat(run.error().orElse(null)).as(r.id()).isEqualTo(r.error());
        assertThat(run.createdAt().toInstant()).isEqualTo(t0.toInstant());
      }
      assertThat(db.list(RunKind.SIMULATION, 0, 10).total()).isEqualTo(2);
      db.insert(Run.queued("sweep-1", RunKind.SWEEP, "{\"what_if\":{}}", t0.plusSeconds(1)));
      assertThat(db.find(RunKind.SWEEP, "sweep-1")).isPresent();
    }
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      assertThat(version(c)).isEqualTo("2");
      try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM runs")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(V1_ROWS.size() + 1);
      }
    }
  }

  private static String version(Connection c) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(
        "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" ORDER BY \"installed_rank\" DESC")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
