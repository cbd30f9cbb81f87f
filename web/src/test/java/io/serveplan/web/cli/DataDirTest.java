package io.serveplan.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataDirTest {

  @Test
  void theOptionWinsOverTheEnvironmentAndTheHome() {
    assertThat(DataDir.resolve(Path.of("/srv/sp"), "/env/dir", "/opt/serveplan", "/home/u"))
        .isEqualTo(Path.of("/srv/sp"));
  }

  @Test
  void theEnvironmentWinsOverTheHome() {
    assertThat(DataDir.resolve(null, "/env/dir", "/opt/serveplan", "/home/u")).isEqualTo(Path.of("/env/dir"));
  }

  @Test
  void theDefaultIsDataUnderTheServePlanHomeNotTheWorkingDirectory() {
    assertThat(DataDir.resolve(null, null, "/opt/serveplan", "/home/u")).isEqualTo(Path.of("/opt/serveplan/data"));
    assertThat(DataDir.resolve(null, " ", null, "/home/u")).isEqualTo(Path.of("/home/u/.serveplan/data"));
  }
}
