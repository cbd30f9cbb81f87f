package io.serveplan.web.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirsTest {

  @Test
  void theFolderOfADeadInstanceIsRemovedAndThatOfALiveOneKept(@TempDir Path tmp) throws Exception {
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    Path abandoned = Files.createDirectories(tmp.resolve(WorkDirs.PREFIX + dead.pid() + "-123/runtime/lib"));
    Files.writeString(abandoned.resolve("x.jar"), "x");
    Path mine = Files.createDirectories(tmp.resolve(WorkDirs.PREFIX + ProcessHandle.current().pid() + "-456"));
    Path unrelated = Files.createDirectories(tmp.resolve(WorkDirs.PREFIX + "notapid"));

    WorkDirs.removeAbandoned(tmp);

    assertThat(tmp.resolve(WorkDirs.PREFIX + dead.pid() + "-123")).doesNotExist();
    assertThat(mine).exists();
    assertThat(unrelated).exists();
  }
}
