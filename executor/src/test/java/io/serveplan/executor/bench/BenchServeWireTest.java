package io.serveplan.executor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.serveplan.simulator.spec.LengthSpec;
import io.serveplan.simulator.spec.SharedPrefixSpec;
import io.serveplan.simulator.spec.WorkloadSpec;
import io.serveplan.simulator.workload.Workload;
import io.serveplan.simulator.workload.WorkloadGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What bench-serve sends (the request body, key by key) and how it reads the events that come back. */
class BenchServeWireTest {

  private static final WorkloadSpec ONE_REQUEST = new WorkloadSpec("poisson", 50.0, 1.0, null, 1, LengthSpec.fixed(5),
      LengthSpec.fixed(2), SharedPrefixSpec.none(), null, 1.0);

  /** A server that keeps every body and streams one "a" per max_tokens, then usage and [DONE]. */
  private static HttpServer capturing(List<String> bodies) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/v1/", (HttpExchange ex) -> {
      try (ex) {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        bodies.add(body);
        int n = Integer.parseInt(body.replaceAll(".*\"max_tokens\":(\\d+).*", "$1"));
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        for (int i = 0; i < n; i++) {
          out.write("data: {\"choices\":[{\"index\":0,\"text\":\"a\",\"delta\":{\"content\":\"a\"}}]}\n\n"
              .getBytes(StandardCharsets.UTF_8));
        }
        out.write(("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":" + n + "}}\n\n"
            + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
      }
    });
    server.start();
    return server;
  }

  @ParameterizedTest
  @ValueSource(strings = {"completions", "chat"})
  void eachRequestIsTheBodyVllmsClientSends(String endpoint) throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    HttpServer server = capturing(bodies);
    try {
      BenchResult r = new BenchServe(new BenchServe.Options(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
          "m", endpoint, 0, 2, Duration.ofSeconds(20), null)).run(ONE_REQUEST, 3, 32000, () -> false, p -> { });
      assertThat(r.failed()).isZero();
    } finally {
      server.stop(0);
    }
    int[] prompt = WorkloadGenerator.generate(ONE_REQUEST, 3, 32000, 1_000_000).promptTokens(0);
    String ids = Arrays.stream(prompt).mapToObj(Integer::toString).collect(Collectors.joining(","));
    StringBuilder words = new StringBuilder();
    for (int t : prompt) {
      words.append((char) ('a' + Math.floorMod(t, 26)));
    }
    String input = endpoint.equals("chat") ? "\"messages\":[{\"role\":\"user\",\"content\":\"" + words + "\"}]"
        : "\"prompt\":[" + ids + "]";
    String rest = ",\"ignore_eos\":true,\"temperature\":0.0,\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
    // the warm-up request first, then the request itself
    assertThat(bodies).containsExactly(
        "{\"model\":\"m\"," + input + ",\"max_tokens\":2,\"min_tokens\":2" + rest,
        "{\"model\":\"m\"," + input + ",\"max_tokens\":2,\"min_tokens\":2" + rest);
  }

  private static RequestOutcome stream(boolean chat, String... lines) {
    StreamingRequest s = new StreamingRequest(System.nanoTime(), chat);
    for (String line : lines) {
      s.onNext(line);
    }
    s.onComplete();
    return s.outcome(7, 0.0, 200);
  }

  @Test
  void eventsAreTimedTheirTextKeptAndTheServersUsageBelieved() {
    RequestOutcome o = stream(true, "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"}}]}", "",
        "data: {\"choices\":[{\"delta\":{}}]}", "data: {\"choices\":[{\"delta\":{\"content\":5}}]}", "data:",
        "data: [1]", "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":\"9\",\"completion_tokens\":3}}",
        "data: [DONE]");
    assertThat(o.success()).isTrue();
    assertThat(o.generatedText()).isEqualTo("Hi5");
    assertThat(o.itlS()).hasSize(2);
    assertThat(o.promptLen()).as("a numeric string counts, as Jackson's trees read it").isEqualTo(9);
    assertThat(o.outputTokens()).isEqualTo(3);
    RequestOutcome noUsage = stream(false, "data: {\"choices\":[{\"text\":\"a\"}]}", "data: [DONE]");
    assertThat(noUsage.promptLen()).isEqualTo(7);
    assertThat(noUsage.outputTokens()).isEqualTo(1);
  }

  @Test
  void errorEventsAndBrokenStreamsFailWithTheirReason() {
    assertThat(stream(false, "data: {\"choices\":[{\"text\":\"a\"}]}",
        "data: {\"error\":{\"message\":\"engine died\",\"type\":\"server_error\"}}").error()).isEqualTo("engine died");
    assertThat(stream(false, "data: {\"error\":\"boom\"}").error()).isEqualTo("\"boom\"");
    assertThat(stream(false, "data: {\"error\":{\"code\":1}}").error()).isEqualTo("{\"code\":1}");
    assertThat(stream(false, "data: {\"choices\":[{\"text\":\"a\"}]}", "data: {oops").error())
        .isEqualTo("unparseable SSE event: {oops");
    assertThat(stream(false, "data: [DONE]").error()).isEqualTo("the stream ended without a token");
    assertThat(stream(false, "event: x").error()).isEqualTo("the stream ended without a token or [DONE]");
  }
}
