package io.serveplan.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What scripts rely on: exit codes, where output goes, and where data is kept. */
class CliHygieneTest {

  @Test
  void anUnknownCommandExitsWithTwo() {
    SimulateCommandTest.Outcome o = SimulateCommandTest.execute("simulte");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("Unmatched argument", "simulte", "Did you mean");
  }

  @Test
  void anUnknownOptionOfAnyCommandExitsWithTwo() {
    for (String command : new String[] {"serve-model", "simulate", "recommend", "calibrate", "serve", "bench-serve"}) {
      SimulateCommandTest.Outcome o = SimulateCommandTest.execute(command, "--no-such-option");
      assertThat(o.code()).as(command).isEqualTo(2);
      assertThat(o.err()).as(command).containsAnyOf("Unknown option: '--no-such-option'", "Missing required option");
    }
  }

  @Test
  void jsonWithOutWritesTheFileAndNothingOnStandardOutput(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("run.yaml");
    Files.writeString(spec, "workload: {num_requests: 20, rate: 5}\n");
    Path result = dir.resolve("result.json");
    for (String format : new String[] {"json", "vllm"}) {
      SimulateCommandTest.Outcome o =
          SimulateCommandTest.simulate("--spec", spec.toString(), "--format", format, "--out", result.toString());
      assertThat(o.code()).as(o.err()).isZero();
      assertThat(o.out()).as(format).isEmpty();
      assertThat(new ObjectMapper().readTree(result.toFile()).has(format.equals("json") ? "metrics" : "completed"))
          .as(format).isTrue();
    }
  }

  @Test
  void theTableStillPrintsWhenTheJsonGoesToAFile(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("run.yaml");
    Files.writeString(spec, "workload: {num_requests: 20, rate: 5}\n");
    Path result = dir.resolve("result.json");
    SimulateCommandTest.Outcome o = SimulateCommandTest.simulate("--spec", spec.toString(), "--out", result.toString());
    assertThat(o.out()).contains("mean_ttft_ms").doesNotContain("\"metrics\"");
    assertThat(Files.readString(result)).contains("\"metrics\"");
  }

  @Test
  void commandsThatKeepDataTakeDataDir() {
    for (Class<?> command : new Class<?>[] {ServeCommand.class, CalibrateCommand.class}) {
      assertThat(Main.commandLine().getSubcommands().values().stream()
              .filter(c -> c.getCommand().getClass() == command)
              .findFirst().orElseThrow().getCommandSpec().findOption("--data-dir"))
          .as(command.getSimpleName()).isNotNull();
    }
  }
}
