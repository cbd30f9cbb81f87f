package io.serveplan.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.serveplan.web.ApiClient;
import io.serveplan.web.ApiClient.Answer;
import io.serveplan.web.TestProfiles;
import io.serveplan.web.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST API over HTTP against the real server and a real H2 file database. */
class RunsApiIT {

  static final String SMALL_SPEC = """
      {"model": "llama-3.1-8b", "hardware": "h100-sxm",
       "workload": {"arrival": "poisson", "rate": 10, "num_requests": 100,
                    "input_tokens": {"distribution": "fixed", "value": 200},
                    "output_tokens": {"distribution": "fixed", "value": 50}},
       "seed": 7}""";

  static final String BIG_SPEC = """
      {"model": "llama-3.1-8b", "hardware": "h100-sxm",
       "workload": {"arrival": "poisson", "rate": 20, "num_requests": 200000}}""";

  static final String SHEET = """
      {"workload": {"arrival": "poisson", "rate": 2,
                    "input_tokens": {"distribution": "fixed", "value": 500},
                    "output_tokens": {"distribution": "fixed", "value": 100}},
       "candidates": {"models": ["llama-3.2-1b"], "hardware": ["l4"]}}""";

  /** A small configuration whose sweep runs in seconds: 1B model, 16 sequences, short requests. */
  static final String SWEEP_SPEC = """
      {"model": "llama-3.2-1b", "hardware": "l4", "engine": {"max_num_seqs": 16},
       "workload": {"input_tokens": {"distribution": "fixed", "value": 200},
                    "output_tokens": {"distribution": "fixed", "value": 40}},
       "slo": {"ttft_ms": 500, "tpot_ms": 50}}""";

  static TestServer server;
  static ApiClient api;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = new ApiClient(server.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aSimulationGoesFromSubmissionToAResultWithTheBenchmarkKeys() {
    Answer submitted = api.postJson("api/v1/simulations", SMALL_SPEC);

    assertThat(submitted.status()).isEqualTo(202);
    String id = submitted.json().get("id").asText();
    assertThat(submitted.header("Location")).endsWith("/api/v1/simulations/" + id);
    JsonNode done = api.pollUntil("api/v1/simulations/" + id,
        r -> !r.get("status").asText().matches("queued|running"), Duration.ofSeconds(120));
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("done");
    assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
    JsonNode metrics = done.get("result").get("metrics");
    for (String key : List.of("completed", "duration", "request_throughput", "output_throughput",
        "mean_ttft_ms", "p99_ttft_ms", "median_tpot_ms", "p95_itl_ms", "mean_e2el_ms")) {
      assertThat(metrics.has(key)).as("result key %s", key).isTrue();
    }
    assertThat(metrics.get("completed").asInt()).isEqualTo(100);
    assertThat(done.get("spec").get("model").asText()).isEqualTo("llama-3.1-8b");
    assertThat(done.get("created_at").asText()).isNotBlank();
    assertThat(done.get("finished_at").asText()).isNotBlank();

    Answer report = api.get("api/v1/reports/simulations/" + id + "/index.html");
    assertThat(report.status()).isEqualTo(200);
    assertThat(report.body()).containsPattern("<b>SLO (met|missed)</b>").contains("<td>requests/s</td>",
        "src=\"ttft_cdf.png\"", "<h2>Spec</h2>");
    // the report's inline style sheet is allowed by the CSP that serves it, so the page is styled
    String style = report.body().substring(report.body().indexOf("<style>") + 7, report.body().indexOf("</style>"));
    assertThat(report.header("Content-Security-Policy")).contains("'sha256-" + sha256(style) + "'");
    assertThat(api.get("api/v1/reports/simulations/" + id + "/ttft_cdf.png").header("Content-Type"))
        .startsWith("image/png");
    Answer one = api.get("api/v1/compare/ttft_cdf.png?runs=" + id);
    assertThat(one.status()).isEqualTo(422);
    assertThat(one.json().get("errors").get(0).get("field").asText()).isEqualTo("runs");
    assertThat(api.get("api/v1/compare/ttft_cdf.png?runs=" + id + ",no-such-run").status()).isEqualTo(404);
    assertThat(api.get("api/v1/compare/ttlt_cdf.png?runs=" + id + ",x").status()).isEqualTo(404);
  }

  private static String sha256(String text) {
    try {
      return java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void listsSimulationsNewestFirstInPages() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(api.postJson("api/v1/simulations", SMALL_SPEC).json().get("id").asText());
    }

    JsonNode page = api.get("api/v1/simulations?page=0&size=2").json();

    assertThat(page.get("items")).hasSize(2);
    assertThat(page.get("items").get(0).get("id").asText()).isEqualTo(ids.get(2));
    assertThat(page.get("items").get(1).get("id").asText()).isEqualTo(ids.get(1));
    assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(page.get("items").get(0).has("result")).isTrue();
    assertThat(page.get("items").get(0).get("result").isNull()).isTrue();
  }

  @Test
  void deletingAFinishedSimulationRemovesIt() {
    String id = api.postJson("api/v1/simulations", SMALL_SPEC).json().get("id").asText();
    api.pollUntil("api/v1/simulations/" + id, r -> r.get("status").asText().equals("done"), Duration.ofSeconds(120));

    assertThat(api.delete("api/v1/simulations/" + id).status()).isEqualTo(204);
    Answer gone = api.get("api/v1/simulations/" + id);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void deletingARunningSimulationCancelsIt() {
    String id = api.postJson("api/v1/simulations", BIG_SPEC).json().get("id").asText();

    Answer cancelled = api.delete("api/v1/simulations/" + id);

    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
    assertThat(api.get("api/v1/simulations/" + id).json().get("status").asText()).isEqualTo("cancelled");
  }

  @Test
  void aRecommendationGoesFromSubmissionToRankedOptions() {
    Answer submitted = api.postJson("api/v1/recommendations", SHEET);

    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    String id = submitted.json().get("id").asText();
    assertThat(submitted.header("Location")).endsWith("/api/v1/recommendations/" + id);
    JsonNode done = api.pollUntil("api/v1/recommendations/" + id,
        r -> !r.get("status").asText().matches("queued|running"), Duration.ofSeconds(240));
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("done");
    JsonNode options = done.get("result").get("options");
    assertThat(options.isArray()).isTrue();
    assertThat(options.size()).isPositive();
    assertThat(options.get(0).has("operating_model")).isTrue();
    assertThat(options.get(0).has("usd_per_month")).isTrue();
    assertThat(api.get("api/v1/recommendations").json().get("items").get(0).get("id").asText()).isEqualTo(id);
    assertThat(api.get("api/v1/simulations/" + id).status()).isEqualTo(404);
    assertThat(api.get("api/v1/reports/recommendations/" + id + "/index.html").body())
        .contains("Options, cheapest first", "src=\"break_even.png\"");
    assertThat(api.get("api/v1/reports/recommendations/" + id + "/pareto.png").status()).isEqualTo(200);
  }

  @Test
  void aRecommendationTimesItsCandidatesWithAStoredProfileAndNeverReadsAFile() {
    String profile = TestProfiles.json("it-l4-profile", "openai", "l4", "llama-3.2-1b", 0.97, 0.08, 9);
    assertThat(api.postJson("api/v1/calibrations", profile).status()).isEqualTo(201);
    String sheet = SHEET.replace("\"candidates\"", "\"calibrations\": [{\"profile\": \"it-l4-profile\"}], \"candidates\"")
        .replace("\"hardware\": [\"l4\"]", "\"hardware\": [\"l4\"], \"engines\": [\"vllm\"]");

    Answer submitted = api.postJson("api/v1/recommendations", sheet);
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    JsonNode done = api.pollUntil("api/v1/recommendations/" + submitted.json().get("id").asText(),
        r -> !r.get("status").asText().matches("queued|running"), Duration.ofSeconds(240));
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("done");
    JsonNode timed = null;
    for (JsonNode o : done.get("result").get("options")) {
      if (o.has("timing")) { // L4 has a serverless price only here: any GPU option carries the timing
        timed = o.get("timing");
      }
    }
    assertThat(timed).as(done.toString()).isNotNull();
    assertThat(timed.get("origin").asText()).isEqualTo("calibration-profile");
    assertThat(timed.get("source").asText()).isEqualTo("it-l4-profile");
    assertThat(timed.get("capacity_range_fraction").asDouble()).isEqualTo(0.08);

    // a path is not a stored id: the server never reads a profile from its own disk for a request
    Answer file = api.postJson("api/v1/recommendations", sheet.replace("it-l4-profile", "/etc/passwd"));
    assertThat(file.status()).as(file.body()).isEqualTo(422);
    assertThat(file.json().get("errors").findValuesAsText("field")).containsExactly("calibrations[0].profile");
    assertThat(file.body()).contains("it-l4-profile");
  }

  @Test
  void servesTheCatalogs() {
    JsonNode gpus = api.get("api/v1/catalog/gpus").json();
    JsonNode models = api.get("api/v1/catalog/models").json();
    JsonNode engines = api.get("api/v1/catalog/engines").json();
    JsonNode apis = api.get("api/v1/catalog/apis").json();

    assertThat(gpus.findValuesAsText("id")).contains("h100-sxm", "l4");
    assertThat(models.findValuesAsText("id")).contains("llama-3.1-8b");
    assertThat(engines.findValuesAsText("id")).contains("vllm", "sglang");
    assertThat(apis.size()).isPositive();
    assertThat(gpus.get(0).has("memory_gb")).as("snake_case keys").isTrue();
  }

  @Test
  void storesACalibrationProfileThatASpecCanName() {
    String profile = TestProfiles.json("it-cpu-profile", "cpu", "h100-sxm", "llama-3.1-8b", 0.98, 0.05, 40);

    Answer stored = api.postJson("api/v1/calibrations", profile);
    assertThat(stored.status()).as(stored.body()).isEqualTo(201);
    assertThat(api.postJson("api/v1/calibrations", profile).status()).isEqualTo(409);
    assertThat(api.get("api/v1/calibrations").json().findValuesAsText("id")).contains("it-cpu-profile");
    assertThat(api.get("api/v1/calibrations/it-cpu-profile").json().get("r2").asDouble()).isEqualTo(0.98);

    String spec = SMALL_SPEC.replace("\"seed\": 7", "\"seed\": 7, \"calibration\": \"it-cpu-profile\"");
    String id = api.postJson("api/v1/simulations", spec).json().get("id").asText();
    JsonNode done = api.pollUntil("api/v1/simulations/" + id,
        r -> !r.get("status").asText().matches("queued|running"), Duration.ofSeconds(120));
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("done");

    Answer unknown = api.postJson("api/v1/simulations", SMALL_SPEC.replace("\"seed\": 7", "\"calibration\": \"nope\""));
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.json().get("errors").findValuesAsText("field")).containsExactly("calibration");
  }

  @Test
  void reportsHealthMetricsAndTheOpenApiDocument() {
    Answer health = api.get("api/v1/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("UP");
    Answer ready = api.get("health/ready");
    assertThat(ready.status()).as("MicroProfile Health readiness").isEqualTo(200);
    assertThat(ready.body()).contains("serveplan-database", "UP");

    String metrics = api.get("api/v1/metrics").body();
    assertThat(metrics).contains("serveplan_runs_started_total{kind=\"simulation\"}",
        "serveplan_runs_failed_total", "serveplan_run_queue_depth", "serveplan_run_duration_seconds_bucket");

    Answer openapi = api.get("openapi");
    assertThat(openapi.status()).isEqualTo(200);
    // The checked-in contract (OpenApiIT compares it byte for byte), not one generated from annotations.
    assertThat(openapi.body()).contains("url: /api/v1", "operationId: submitSimulation", "operationId: listGpus");
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() {
    for (String path : List.of("api/v1/health", "api/v1/simulations/none", "", "api/v1/catalog/gpus")) {
      Answer a = api.get(path);
      assertThat(a.header("Content-Security-Policy")).as(path).contains("default-src 'self'", "frame-ancestors 'none'");
      assertThat(a.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
      assertThat(a.header("X-Frame-Options")).as(path).isEqualTo("DENY");
    }
  }

  @Test
  void aSweepGoesFromSubmissionToACurveWithSweepRatesKeysAndItsThroughputChart() {
    Answer submitted = api.postJson("api/v1/sweeps?points=4", SWEEP_SPEC);

    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    String id = submitted.json().get("id").asText();
    assertThat(submitted.header("Location")).endsWith("/api/v1/sweeps/" + id);
    assertThat(submitted.json().get("kind").asText()).isEqualTo("sweep");
    List<Double> progress = new ArrayList<>();
    JsonNode done = api.pollUntil("api/v1/sweeps/" + id, r -> {
      progress.add(r.get("progress").asDouble());
      return !r.get("status").asText().matches("queued|running");
    }, Duration.ofSeconds(300));
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("done");
    assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
    // steps of 1/6 (service rate, four rates, capacity search): every reading is one of them
    assertThat(progress).allSatisfy(p -> assertThat(p * 6).isCloseTo(Math.rint(p * 6), org.assertj.core.data.Offset.offset(1e-9)));
    JsonNode result = done.get("result");
    for (String key : List.of("configuration", "curve", "knee_rps", "max_rps", "service_rps", "slo")) {
      assertThat(result.has(key)).as("sweep key %s", key).isTrue();
    }
    JsonNode curve = result.get("curve");
    assertThat(curve).hasSize(4);
    double service = result.get("service_rps").asDouble();
    for (JsonNode p : curve) {
      assertThat(p.get("rps").asDouble()).isPositive();
      assertThat(p.has("achieved_rps")).isTrue();
      assertThat(p.has("attainment")).isTrue();
      if (p.get("requests").asInt() > 0) {
        for (String key : List.of("p50_ttft_ms", "p95_ttft_ms", "p50_tpot_ms", "p95_tpot_ms", "goodput_rps")) {
          assertThat(p.has(key)).as("%s at %s req/s", key, p.get("rps")).isTrue();
        }
        assertThat(p.get("p50_ttft_ms").asDouble()).isLessThanOrEqualTo(p.get("p95_ttft_ms").asDouble());
        assertThat(p.get("goodput_rps").asDouble()).isLessThanOrEqualTo(p.get("achieved_rps").asDouble() + 1e-9);
      }
    }
    // the default rates reach 1.1 × the service rate; the capacity lies below it
    assertThat(curve.get(3).get("rps").asDouble()).isCloseTo(1.1 * service, org.assertj.core.data.Offset.offset(1e-6 * service));
    assertThat(result.get("max_rps").asDouble()).isPositive().isLessThan(service);
    assertThat(done.get("spec").get("what_if").get("model").asText()).isEqualTo("llama-3.2-1b");
    assertThat(done.get("spec").get("points").asInt()).isEqualTo(4);

    Answer png = api.get("api/v1/reports/sweeps/" + id + "/throughput.png");
    assertThat(png.status()).isEqualTo(200);
    assertThat(png.header("Content-Type")).startsWith("image/png");
    assertThat(api.get("api/v1/reports/sweeps/" + id + "/index.html").body()).contains("throughput.png");
    assertThat(api.get("api/v1/sweeps").json().get("items").get(0).get("id").asText()).isEqualTo(id);
    assertThat(api.get("api/v1/simulations/" + id).status()).isEqualTo(404);
  }

  @Test
  void aSweepWithBadPointsOrRatesIs422NamingTheFieldAndStoresNothing() {
    long before = api.get("api/v1/sweeps").json().get("total").asLong();

    Answer points = api.postJson("api/v1/sweeps?points=1", SWEEP_SPEC);
    Answer rates = api.postJson("api/v1/sweeps?rates=2,-4", SWEEP_SPEC);

    assertThat(points.status()).as(points.body()).isEqualTo(422);
    assertThat(points.header("Content-Type")).startsWith("application/problem+json");
    assertThat(points.json().get("errors").get(0).get("field").asText()).isEqualTo("points");
    assertThat(points.json().get("errors").get(0).get("message").asText()).contains("[3, 50]");
    assertThat(rates.status()).as(rates.body()).isEqualTo(422);
    assertThat(rates.json().get("errors").get(0).get("field").asText()).isEqualTo("rates[1]");
    assertThat(api.get("api/v1/sweeps").json().get("total").asLong()).isEqualTo(before);
  }
}
