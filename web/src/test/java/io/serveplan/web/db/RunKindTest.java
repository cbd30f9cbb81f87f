package io.serveplan.web.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The run kinds of the enum and of the database's {@code runs_kind_check} are one list. */
class RunKindTest {

  static final Pattern KIND_CHECK =
      Pattern.compile("runs_kind_check\\s+CHECK\\s*\\(\\s*kind\\s+IN\\s*\\(([^)]*)\\)\\s*\\)", Pattern.CASE_INSENSITIVE);
  static final Pattern QUOTED = Pattern.compile("'([^']*)'");
  static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

  @Test
  void theEnumsIdsAreExactlyTheKindsTheLatestMigrationAllows() throws Exception {
    List<String> checked = null;
    for (Path sql : migrations()) {
      Matcher m = KIND_CHECK.matcher(Files.readString(sql));
      while (m.find()) {
        checked = new ArrayList<>();
        Matcher q = QUOTED.matcher(m.group(1));
        while (q.find()) {
          checked.add(q.group(1));
        }
      }
    }
    assertThat(checked).as("a runs_kind_check in db/migration").isNotNull();
    assertThat(RunKind.ids()).containsExactlyElementsOf(checked);
  }

  @Test
  void theMigratedDatabaseStoresEveryKindAndRefusesAnyOther() throws SQLException {
    String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (Database db = Database.open(url)) {
      for (RunKind k : RunKind.values()) {
        db.insert(Run.queued("run-" + k.id(), k, "{}", DatabaseTest.T0));
        assertThat(db.find(k, "run-" + k.id())).as(k.id()).isPresent();
      }
      try (Connection c = DriverManager.getConnection(url, "sa", "");
          PreparedStatement insert = c.prepareStatement("INSERT INTO runs (id, kind, status, spec, created_at) "
              + "VALUES ('x', 'bogus', 'queued', '{}', ?)")) {
        insert.setObject(1, OffsetDateTime.now());
        assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class)
            .hasMessageContaining("RUNS_KIND_CHECK");
      }
    }
  }

  /** The migration scripts in Flyway's order (by version). */
  static List<Path> migrations() throws IOException, URISyntaxException {
    Path dir = Paths.get(RunKindTest.class.getResource("/db/migration").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> VERSION.matcher(f.getFileName().toString()).matches())
          .sorted(Comparator.comparingInt(RunKindTest::version)).toList();
    }
  }

  static int version(Path f) {
    Matcher m = VERSION.matcher(f.getFileName().toString());
    m.matches();
    return Integer.parseInt(m.group(1));
  }
}
