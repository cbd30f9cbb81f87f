package io.serveplan.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.web.TestServer;
import io.serveplan.web.client.ApiClient;
import io.serveplan.web.client.api.SimulationsApi;
import io.serveplan.web.client.model.LengthSpec;
import io.serveplan.web.client.model.RunStatus;
import io.serveplan.web.client.model.RunSummary;
import io.serveplan.web.client.model.SimulationRun;
import io.serveplan.web.client.model.WhatIfSpec;
import io.serveplan.web.client.model.WorkloadSpec;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Java client generated from the checked-in OpenAPI document (openapi-generator's native
 * library, at generate-test-sources) submits a what-if run to the real server and reads its result.
 */
class GeneratedClientIT {

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void submitsAWhatIfRunAndReadsItsResult() throws Exception {
    ApiClient client = new ApiClient();
    client.updateBaseUri(server.baseUrl().resolve("api/v1").toString());
    SimulationsApi simulations = new SimulationsApi(client);

    WhatIfSpec spec = new WhatIfSpec().model("llama-3.1-8b").hardware("h100-sxm").seed(7L)
        .workload(new WorkloadSpec().arrival(WorkloadSpec.ArrivalEnum.POISSON).rate(new BigDecimal("4")).numRequests(40)
            .inputTokens(new LengthSpec().distribution(LengthSpec.DistributionEnum.FIXED).value(new BigDecimal("256")))
            .outputTokens(new LengthSpec().distribution(LengthSpec.DistributionEnum.FIXED).value(new BigDecimal("32"))));
    RunSummary submitted = simulations.submitSimulation(spec);
    assertThat(submitted.getStatus()).isIn(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.DONE);

    SimulationRun run = simulations.getSimulation(submitted.getId());
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while ((run.getStatus() == RunStatus.QUEUED || run.getStatus() == RunStatus.RUNNING) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      run = simulations.getSimulation(submitted.getId());
    }
    assertThat(run.getStatus()).as(String.valueOf(run.getError())).isEqualTo(RunStatus.DONE);
    assertThat(run.getResult().getMetrics().getCompleted()).isEqualTo(40);
    assertThat(run.getResult().getMetrics().getTotalInputTokens()).isEqualTo(40L * 256);
    assertThat(run.getResult().getMetrics().getMeanTtftMs()).isPositive();
    assertThat(run.getSpec().getHardware()).isEqualTo("h100-sxm");
  }
}
