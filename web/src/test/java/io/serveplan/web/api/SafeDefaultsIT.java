package io.serveplan.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.web.ApiClient;
import io.serveplan.web.ApiClient.Answer;
import io.serveplan.web.ListeningSockets;
import io.serveplan.web.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A default {@code serve}: one listening socket (its HTTP port, on the loopback address), no
 * cluster member, writes only as JSON or YAML, no version in {@code Server}, no HTML error pages.
 */
class SafeDefaultsIT {

  static TestServer server;
  static ApiClient api;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestServer.Options.defaults().withArgs("--max-concurrent-writes", "4",
        "--read-timeout-s", "2", "--memory-budget-mb", "256", "--max-requests", "5000"));
    api = new ApiClient(server.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aRunningServerListensOnItsHttpPortOnLoopbackAndNothingElse() {
    List<ListeningSockets.Socket> sockets = ListeningSockets.of(server.pid());

    assertThat(sockets).as("listening sockets of the server process").hasSize(1);
    assertThat(sockets.get(0).port()).isEqualTo(server.baseUrl().getPort());
    assertThat(sockets.get(0).address()).isEqualTo("127.0.0.1");
  }

  @Test
  void aWriteWithoutContentTypeOrAsAFormIsRefusedWith415() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String spec = "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\"}";
    HttpResponse<String> none = http.send(HttpRequest.newBuilder(server.baseUrl().resolve("api/v1/catalog/gpus"))
        .POST(HttpRequest.BodyPublishers.ofString(spec)).build(), HttpResponse.BodyHandlers.ofString());
    Answer form = api.post("api/v1/simulations", "text/plain", spec);
    Answer urlEncoded = api.post("api/v1/catalog/gpus", "application/x-www-form-urlencoded", "id=x");

    assertThat(none.statusCode()).as(none.body()).isEqualTo(415);
    assertThat(form.status()).as(form.body()).isEqualTo(415);
    assertThat(urlEncoded.status()).as(urlEncoded.body()).isEqualTo(415);
  }

  @Test
  void theServerHeaderCarriesNoVersionAndErrorsOutsideTheApiAreProblemsNotHtml() {
    Answer health = api.get("api/v1/health");
    Answer missing = api.get("no/such/page.jsp");
    Answer webInf = api.get("WEB-INF/web.xml");
    Answer options = api.send("OPTIONS", "api/v1/simulations", "application/json", "");

    assertThat(health.header("Server")).satisfiesAnyOf(
        s -> assertThat(s).isNull(), s -> assertThat(s).doesNotContainPattern("[0-9]"));
    assertThat(health.header("X-Powered-By")).isNull();
    assertThat(options.body()).doesNotContain("java", "jersey", "wadl");
    for (Answer a : List.of(missing, webInf)) {
      assertThat(a.status()).isEqualTo(404);
      assertThat(a.body()).doesNotContain("<html", "Payara", "GlassFish");
    }
  }

  @Test
  void locationIsBuiltFromTheServersOwnUrlNotFromTheHostHeader() throws Exception {
    String spec = "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\",\"workload\":{\"num_requests\":5}}";
    String answer = raw("POST /api/v1/simulations HTTP/1.1\r\nHost: localhost:" + server.baseUrl().getPort()
        + "\r\nX-Forwarded-Host: evil.example\r\nContent-Type: application/json\r\nContent-Length: "
        + spec.length() + "\r\nConnection: close\r\n\r\n" + spec);
    String other = raw("GET /api/v1/health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 202");
    assertThat(answer).containsIgnoringCase("Location: " + server.baseUrl() + "api/v1/simulations/");
    assertThat(answer).doesNotContain("evil.example");
    assertThat(other).as("a loopback server refuses a foreign Host (DNS rebinding)").startsWith("HTTP/1.1 421");
  }

  /** One raw HTTP/1.1 exchange on a plain socket (HttpClient will not send a foreign Host). */
  static String raw(String request) throws java.io.IOException {
    return raw(request, 30_000);
  }

  /** As {@link #raw(String)}; fails when no whole answer comes within {@code timeoutMs}. */
  static String raw(String request, int timeoutMs) throws java.io.IOException {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.baseUrl().getPort())) {
      s.setSoTimeout(timeoutMs);
      s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  static final String H100 = "{\"id\":\"h100-sxm\",\"name\":\"fake\",\"memory_gb\":80,\"memory_bandwidth_gbps\":1,"
      + "\"bf16_tflops\":1,\"fp16_tflops\":1,\"fp8_tflops\":0,\"int8_tops\":0,\"fp32_tflops\":1,"
      + "\"interconnect_gbps\":0,\"tdp_watts\":700,\"native_dtypes\":[\"bf16\"],\"source\":\"test\",\"as_of\":\"2026-12-02\"}";

  @Test
  void replacingABuiltInNeedsTheFlagIsListedWithItsOriginAndDeletingRestoresTheBuiltIn() {
    double builtIn = bandwidth();

    Answer silent = api.postJson("api/v1/catalog/gpus", H100);
    assertThat(silent.status()).as(silent.body()).isEqualTo(409);
    assertThat(silent.body()).contains("replace=true");
    assertThat(bandwidth()).isEqualTo(builtIn);

    Answer replaced = api.postJson("api/v1/catalog/gpus?replace=true", H100);
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(201);
    assertThat(bandwidth()).isEqualTo(1.0);
    Answer custom = api.get("api/v1/catalog/custom");
    assertThat(custom.json().findValuesAsText("id")).contains("h100-sxm");
    assertThat(custom.body()).contains("custom (replaces built-in)");

    Answer deleted = api.delete("api/v1/catalog/gpus/h100-sxm");
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
    assertThat(bandwidth()).isEqualTo(builtIn);
    assertThat(api.get("api/v1/catalog/custom").json().findValuesAsText("id")).doesNotContain("h100-sxm");
    assertThat(api.delete("api/v1/catalog/gpus/h100-sxm").status()).isEqualTo(404);
  }

  static double bandwidth() {
    for (var g : api.get("api/v1/catalog/gpus").json()) {
      if (g.get("id").asText().equals("h100-sxm")) {
        return g.get("memory_bandwidth_gbps").asDouble();
      }
    }
    throw new AssertionError("h100-sxm not in the catalog");
  }

  @Test
  void anIdLongerThanTheColumnIs422NamingTheLimit() {
    String longId = "g".repeat(101);
    Answer a = api.postJson("api/v1/catalog/gpus", H100.replace("h100-sxm", longId));

    assertThat(a.status()).as(a.body()).isEqualTo(422);
    assertThat(a.body()).contains("100").doesNotContain("Exception", "SQL", "Value too long");
  }

  @Test
  void aGpuOutsideThePhysicalRangesIsRefusedNamingTheRange() {
    Answer a = api.postJson("api/v1/catalog/gpus", H100.replace("h100-sxm", "huge").replace("\"memory_gb\":80", "\"memory_gb\":2147483648"));

    assertThat(a.status()).as(a.body()).isEqualTo(400);
    assertThat(a.json().findValuesAsText("field")).contains("memory_gb");
    assertThat(a.body()).contains("1,024] GB");
  }

  @Test
  void tenThousandReplicasAreRefusedWith413AndTheNumbers() {
    Answer a = api.postJson("api/v1/simulations", "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\","
        + "\"replicas\":10000,\"workload\":{\"num_requests\":1000}}");

    assertThat(a.status()).as(a.body()).isEqualTo(413);
    assertThat(a.json().findValuesAsText("field")).contains("replicas");
    assertThat(a.body()).contains("10000 replicas", "KV blocks", "256 MiB");
  }

  @Test
  void recommendationsShareTheTraceAndSizeChecksOfSimulations() {
    String sheet = "{\"workload\":{\"arrival\":\"poisson\",\"rate\":2,\"trace\":\"/etc/passwd\"},"
        + "\"candidates\":{\"models\":[\"llama-3.2-1b\"],\"hardware\":[\"l4\"]}}";
    Answer path = api.postJson("api/v1/recommendations", sheet);
    Answer big = api.postJson("api/v1/recommendations", sheet.replace("\"trace\":\"/etc/passwd\"", "\"num_requests\":100000"));
    Answer simPath = api.postJson("api/v1/simulations", "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\","
        + "\"workload\":{\"arrival\":\"poisson\",\"rate\":2,\"trace\":\"/etc/passwd\"}}");

    assertThat(path.status()).as(path.body()).isEqualTo(422);
    assertThat(path.json().findValuesAsText("field")).contains("workload.trace");
    assertThat(path.json().findValuesAsText("message")).isEqualTo(simPath.json().findValuesAsText("message"));
    assertThat(big.status()).as(big.body()).isEqualTo(413);
    assertThat(big.json().findValuesAsText("field")).contains("workload.num_requests");
  }

  @Test
  void slowSendersHoldAtMostTheWriteLimitAndAreDroppedAfterTheReadTimeout() throws Exception {
    List<java.net.Socket> slow = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        java.net.Socket s = new java.net.Socket("127.0.0.1", server.baseUrl().getPort());
        s.setSoTimeout(60_000);
        s.getOutputStream().write(("POST /api/v1/simulations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: 1000\r\n\r\n{\"mo").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        slow.add(s);
      }
      Answer health = api.get("api/v1/health");
      assertThat(health.status()).isEqualTo(200);
      int refused = 0;
      int dropped = 0;
      for (java.net.Socket s : slow) {
        String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (answer.startsWith("HTTP/1.1 503")) {
          refused++;
        } else {
          assertThat(answer).as("a slow sender is answered 4xx or dropped, never served").doesNotStartWith("HTTP/1.1 2");
          dropped++;
        }
      }
      assertThat(refused).as("writes beyond --max-concurrent-writes 4").isEqualTo(2);
      assertThat(dropped).as("slow writes dropped after --read-timeout-s").isEqualTo(4);
    } finally {
      for (java.net.Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void headerStallingSendersDoNotStarveTheHealthCheckAndAreDroppedAfterTheReadTimeout() throws Exception {
    List<java.net.Socket> slow = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 300; i++) {
        java.net.Socket s = new java.net.Socket("127.0.0.1", server.baseUrl().getPort());
        // Half stall in the request line, half in the header block (its closing empty line never comes).
        String head = i % 2 == 0 ? "GET /api/v1/heal" : "GET /api/v1/simulations HTTP/1.1\r\nHost: localhost\r\nAccept: appl";
        s.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        slow.add(s);
      }
      long stalledAt = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        // A hang check, not a timing figure (slowclients.sh measures those): 5 s per answer.
        assertThat(raw(HEALTH, 5_000)).startsWith("HTTP/1.1 200");
      }
      for (java.net.Socket s : slow) {
        // --read-timeout-s is 2 here; Grizzly's keep-alive default would hold the socket for 30 s.
        long left = Math.max(1, 15_000 - (System.nanoTime() - stalledAt) / 1_000_000);
        s.setSoTimeout((int) left);
        String answer;
        try {
          answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketTimeoutException e) {
          throw new AssertionError("a connection stalled in its head was still open 15 s after it stalled", e);
        } catch (java.net.SocketException e) {
          answer = "";
        }
        assertThat(answer).as("a stalled head is dropped or answered 4xx, never served").doesNotStartWith("HTTP/1.1 2")
            .doesNotStartWith("HTTP/1.1 5");
      }
      assertThat(raw(HEALTH, 5_000)).startsWith("HTTP/1.1 200");
    } finally {
      for (java.net.Socket s : slow) {
        s.close();
      }
    }
  }

  static final String HEALTH = "GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

  @Test
  void whatWouldFailAtRunTimeIsRefusedAtSubmit() {
    Answer tooBig = api.postJson("api/v1/simulations", "{\"model\":\"llama-3.1-405b\",\"hardware\":\"l4\"}");
    Answer tp = api.postJson("api/v1/simulations", "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\",\"tensor_parallel\":3}");

    assertThat(tooBig.status()).as(tooBig.body()).isEqualTo(422);
    assertThat(tooBig.json().findValuesAsText("field")).contains("hardware");
    assertThat(tp.status()).as(tp.body()).isEqualTo(422);
    assertThat(tp.json().findValuesAsText("field")).contains("tensor_parallel");
  }
}
