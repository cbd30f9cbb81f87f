package io.serveplan.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.serveplan.web.ApiClient;
import io.serveplan.web.ApiClient.Answer;
import io.serveplan.web.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each family of bad input gets its 4xx and an application/problem+json body naming the offending
 * fields; none gets a 500, and no answer carries a stack trace or a server path.
 */
class BadInputIT {

  static TestServer server;
  static ApiClient api;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestServer.Options.defaults()
        .withArgs("--max-requests", "5000", "--max-simulated-seconds", "3600", "--max-body-kb", "16"));
    api = new ApiClient(server.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static JsonNode problem(Answer a, int status) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.header("Content-Type")).startsWith("application/problem+json");
    JsonNode p = a.json();
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("title").asText()).isNotBlank();
    assertThat(a.body()).doesNotContain("Exception", "\tat ", "/work/", "/tmp/", ".java");
    return p;
  }

  @Test
  void malformedJsonIs400NamingWhereItBroke() {
    JsonNode p = problem(api.postJson("api/v1/simulations", "{\"model\": \"llama-3.1-8b\","), 400);

    assertThat(p.get("detail").asText()).contains("line 1");
    assertThat(p.get("errors").findValuesAsText("field")).containsExactly("body");
  }

  @Test
  void anEmptyBodyIs400() {
    problem(api.postJson("api/v1/recommendations", ""), 400);
  }

  @Test
  void wrongTypesUnknownFieldsAndOutOfRangeValuesAre422WithOneEntryPerField() {
    JsonNode p = problem(api.postJson("api/v1/simulations", """
        {"tensor_parallel": "two", "colour": "blue",
         "workload": {"rate": -3, "num_requests": 10},
         "engine": {"gpu_memory_utilization": 1.7}}"""), 422);

    assertThat(p.get("errors").findValuesAsText("field"))
        .contains("tensor_parallel", "colour", "workload.rate", "engine.gpu_memory_utilization");
  }

  @Test
  void unknownCatalogIdsAre422ListingTheKnownIds() {
    JsonNode p = problem(api.postJson("api/v1/simulations", """
        {"model": "gpt-17", "hardware": "tpu-v9", "engine": {"preset": "magic"},
         "workload": {"num_requests": 10}}"""), 422);

    assertThat(p.get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("model", "hardware", "engine.preset");
    JsonNode model = p.get("errors").get(0);
    assertThat(p.get("errors").findValues("allowed").get(0).size()).isPositive();
    assertThat(model.get("message").asText()).isNotBlank();
  }

  @Test
  void aWorkloadSheetWithUnknownCandidatesIs422() {
    JsonNode p = problem(api.postJson("api/v1/recommendations", """
        {"workload": {"rate": 2}, "candidates": {"models": ["gpt-17"]}}"""), 422);

    assertThat(p.get("errors").findValuesAsText("field")).contains("candidates.models[0]");
  }

  @Test
  void anOversizedRunIs413NamingTheLimit() {
    JsonNode p = problem(api.postJson("api/v1/simulations", """
        {"workload": {"rate": 1, "num_requests": 50000}}"""), 413);

    assertThat(p.get("errors").findValuesAsText("field")).contains("workload.num_requests", "workload.rate");
    assertThat(p.toString()).contains("5000", "3600");
  }

  @Test
  void anOversizedBodyIs413() {
    String big = "{\"model\": \"" + "x".repeat(20_000) + "\"}";

    JsonNode p = problem(api.postJson("api/v1/simulations", big), 413);

    assertThat(p.get("errors").findValuesAsText("field")).containsExactly("body");
  }

  @Test
  void traceFilesOnTheServerCannotBeNamed() {
    JsonNode p = problem(api.postJson("api/v1/simulations", """
        {"workload": {"arrival": "trace", "trace": "/etc/passwd"}}"""), 422);

    assertThat(p.get("errors").findValuesAsText("field")).containsExactly("workload.trace");
  }

  @Test
  void badPagingParametersAre400() {
    assertThat(problem(api.get("api/v1/simulations?size=0"), 400).get("errors").findValuesAsText("field"))
        .containsExactly("size");
    assertThat(problem(api.get("api/v1/simulations?page=x"), 400).get("errors").findValuesAsText("field"))
        .containsExactly("page");
  }

  @Test
  void unknownRunsPathsMethodsAndMediaTypesAreProblemsToo() {
    problem(api.get("api/v1/simulations/does-not-exist"), 404);
    problem(api.delete("api/v1/recommendations/does-not-exist"), 404);
    problem(api.get("api/v1/no-such-thing"), 404);
    problem(api.send("PUT", "api/v1/simulations", "application/json", "{}"), 405);
    problem(api.post("api/v1/simulations", "text/plain", "model: x"), 415);
  }

  @Test
  void aCalibrationProfileThatDoesNotReadIs422() {
    problem(api.postJson("api/v1/calibrations", "{\"id\": \"Bad Id!\", \"r2\": \"high\"}"), 422);
    JsonNode p = problem(api.postJson("api/v1/calibrations", "{\"id\": \"Bad Id!\"}"), 422);
    assertThat(p.get("errors").findValuesAsText("field")).contains("id");
  }

  @Test
  void yamlIsAcceptedWhenTheClientSaysSo() {
    Answer a = api.post("api/v1/simulations", "application/yaml", "model: llama-3.1-8b\nworkload: {num_requests: 10}\n");

    assertThat(a.status()).as(a.body()).isEqualTo(202);
  }
}
