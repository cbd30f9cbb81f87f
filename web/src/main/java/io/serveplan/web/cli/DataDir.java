package io.serveplan.web.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where ServePlan keeps what it writes on its own (the H2 database, calibration profiles, the
 * measured {@code cpu-local} profile): {@code --data-dir}, else {@code $SERVEPLAN_DATA_DIR}, else
 * {@code data/} under the ServePlan home (the checkout {@code bin/serveplan} runs from), else
 * {@code ~/.serveplan/data}. Never the directory the command happens to run in. A picocli mixin, so
 * every command that writes data takes the same option.
 */
final class DataDir {

  static final String ENV = "SERVEPLAN_DATA_DIR";

  @Option(names = "--data-dir", description = "where ServePlan keeps its database, calibration profiles and the "
      + "cpu-local measurement (default: $SERVEPLAN_DATA_DIR, else data/ under the ServePlan home)")
  Path option;

  /** The directory this command uses. */
  Path path() {
    return resolve(option, System.getenv(ENV), System.getProperty("serveplan.home"), System.getProperty("user.home"));
  }

  static Path resolve(Path option, String env, String home, String userHome) {
    if (option != null) {
      return option.toAbsolutePath().normalize();
    }
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    if (home != null && !home.isBlank()) {
      return Path.of(home, "data").toAbsolutePath().normalize();
    }
    return Path.of(userHome, ".serveplan", "data").toAbsolutePath().normalize();
  }

  /** The default H2 database: {@code serveplan} (.mv.db) in the data directory. */
  String h2Url() {
    return "jdbc:h2:file:" + path().resolve("serveplan");
  }
}
