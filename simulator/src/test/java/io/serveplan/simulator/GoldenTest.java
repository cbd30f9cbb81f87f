package io.serveplan.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.spec.SpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden results: fixed specs and seeds (src/test/resources/golden/*.yaml), their metrics compared
 * key by key with the committed *.expected.json within a relative tolerance of {@value #REL_TOL}
 * (1e-6: the simulation is deterministic, the tolerance only absorbs floating-point formatting).
 *
 * <p>To regenerate after an intended change to the model or the presets, run
 * {@code mvn -pl simulator -am test -Dtest=GoldenTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dserveplan.regenerateGoldens=true} and review the diff of the .expected.json files.
 */
class GoldenTest {

  static final double REL_TOL = 1e-6;
  static final Path DIR = Path.of("src/test/resources/golden");
  static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> specs() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted()
          .map(p -> Arguments.of(p.getFileName().toString())).toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("specs")
  void metricsMatchTheGoldenResult(String name) throws IOException {
    Path spec = DIR.resolve(name);
    Path expected = DIR.resolve(name.replace(".yaml", ".expected.json"));
    SimulationResult r = Simulation.run(SpecReader.read(spec), Catalog.builtin());
    JsonNode actual = JSON.readTree(r.toJson()).get("metrics");
    if (Boolean.getBoolean("serveplan.regenerateGoldens") || !Files.exists(expected)) {
      Files.writeString(expected, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n");
    }
    JsonNode golden = JSON.readTree(expected.toFile());
    assertThat(names(actual)).as(name + ": keys").containsExactlyElementsOf(names(golden));
    for (Iterator<Map.Entry<String, JsonNode>> it = golden.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      double want = e.getValue().asDouble();
      double got = actual.get(e.getKey()).asDouble();
      assertThat(got).as(name + ": " + e.getKey())
          .isCloseTo(want, within(REL_TOL * Math.max(1e-9, Math.abs(want))));
    }
  }

  private static java.util.List<String> names(JsonNode n) {
    java.util.List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
