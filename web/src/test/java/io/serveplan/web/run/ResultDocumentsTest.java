package io.serveplan.web.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serveplan.hardware.Catalog;
import io.serveplan.reports.CapacityDocument;
import io.serveplan.reports.RecommendationDocument;
import io.serveplan.reports.ResultDocument;
import io.serveplan.reports.SimulationDocument;
import io.serveplan.simulator.Simulation;
import io.serveplan.simulator.SimulationResult;
import io.serveplan.simulator.spec.SpecReader;
import org.junit.jupiter.api.Test;

/** A result written by the simulator reads back into the report's typed document, every metric intact. */
class ResultDocumentsTest {

  @Test
  void aSimulationsJsonReadsBackWithEveryMetricAndItsSpec() {
    SimulationResult result = Simulation.run(SpecReader.parse("""
        model: llama-3.1-8b
        hardware: h100-sxm
        workload: {arrival: poisson, rate: 4, num_requests: 40}
        slo: {ttft_ms: 400, tpot_ms: 40}
        """), Catalog.builtin());

    ResultDocument doc = ResultDocuments.read(result.toJson());

    assertThat(doc).isInstanceOf(SimulationDocument.class);
    SimulationDocument sim = (SimulationDocument) doc;
    assertThat(sim.metrics()).isEqualTo(result.metrics());
    assertThat(sim.spec().slo().ttft()).isEqualTo(400.0);
    assertThat(sim.specText()).contains("\"model\" : \"llama-3.1-8b\"");
  }

  @Test
  void aRecommendationAndASweepAreToldApartByTheirKeys() {
    assertThat(ResultDocuments.read("{\"options\": [], \"slo\": {\"ttft_ms\": 500}}"))
        .isInstanceOf(RecommendationDocument.class);
    assertThat(ResultDocuments.read("{\"curve\": [{\"rps\": 2, \"p95_ttft_ms\": 90}], \"max_rps\": 2}"))
        .isInstanceOf(CapacityDocument.class);
  }

  @Test
  void textThatIsNoResultIsRefusedNamingWhatIsWrong() {
    assertThatThrownBy(() -> ResultDocuments.read("{\"model\": \"x\"}")).hasMessageContaining("not a ServePlan result");
    assertThatThrownBy(() -> ResultDocuments.read("{\"metrics\": {\"completed\": 1}}"))
        .hasMessageStartingWith("result: not a readable simulation result: ")
        .hasMessageContaining("duration: missing");
    assertThatThrownBy(() -> ResultDocuments.read("{\"curve\": [{\"p95_ttft_ms\": 9}]}"))
        .hasMessageContaining("rps");
  }
}
