package io.serveplan.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.hardware.document.FieldError;
import io.serveplan.simulator.spec.SpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliErrorsTest {

  @Test
  void eachProblemOfASpecIsOneLineOfItsOwn() {
    SpecException e = new SpecException(List.of(new FieldError("model", "unknown model 'x'", List.of("a", "b")),
        new FieldError("workload.rate", "must be > 0")));

    List<String> lines = CliErrors.lines(e);

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("model: unknown model 'x'");
    assertThat(lines.get(1)).isEqualTo("workload.rate: must be > 0");
  }

  @Test
  void aMessageOverSeveralLinesIsFoldedOntoOne() {
    List<String> lines = CliErrors.lines(new IllegalStateException("the server did not start:\n  port in use\n"));

    assertThat(lines).containsExactly("the server did not start:; port in use");
  }
}
