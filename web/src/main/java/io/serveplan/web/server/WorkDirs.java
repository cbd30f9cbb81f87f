package io.serveplan.web.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Payara Micro's working directories ({@code serveplan-payara-<pid>-*} under the temp directory,
 * about 100 MB each). A server deletes its own when it stops; one killed with {@code kill -9}
 * cannot, so the next start removes every such directory whose process is gone.
 */
final class WorkDirs {

  static final String PREFIX = "serveplan-payara-";

  private WorkDirs() {}

  /** A fresh directory named after this process. */
  static Path create() throws IOException {
    return Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
  }

  /** Removes the directories of processes that no longer run; returns what it removed. */
  static List<Path> removeAbandoned() {
    return removeAbandoned(Path.of(System.getProperty("java.io.tmpdir")));
  }

  static List<Path> removeAbandoned(Path tmp) {
    List<Path> removed = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
      for (Path d : dirs) {
        Optional<Long> pid = ownerPid(d.getFileName().toString());
        boolean alive = pid.flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
        if (pid.isPresent() && !alive && Files.isDirectory(d) && Files.isWritable(d)) {
          deleteQuietly(d);
          removed.add(d);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // Not being able to list the temp directory only leaves garbage behind.
    }
    return removed;
  }

  static Optional<Long> ownerPid(String name) {
    String rest = name.substring(PREFIX.length());
    int dash = rest.indexOf('-');
    try {
      return dash > 0 ? Optional.of(Long.parseLong(rest.substring(0, dash))) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
