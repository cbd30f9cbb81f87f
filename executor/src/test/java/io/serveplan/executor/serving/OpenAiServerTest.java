package io.serveplan.executor.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serveplan.executor.Backend;
import io.serveplan.hardware.Catalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenAiServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Backend backend;
  private static ModelServer server;
  private static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    backend = io.serveplan.executor.Backends.open("cpu");
    ModelServer.Config d = ModelServer.Config.defaults("stories-15m", 0);
    server = ModelServer.start(backend, Catalog.builtin().model("stories-15m"), Optional.empty(),
        new ModelServer.Config(d.servedModelName(), d.host(), 0, 16, 256, 16, 2048, 7, d.idle(), 4, 16));
  }

  @AfterAll
  static void stop() {
    server.close();
    backend.close();
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aTokenIdPromptGetsExactlyMaxTokensAndItsUsage() throws Exception {
    HttpResponse<String> r = post("/v1/completions",
        "{\"model\":\"stories-15m\",\"prompt\":[1,5,9,300,4000],\"max_tokens\":7,\"ignore_eos\":true}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode doc = JSON.readTree(r.body());
    assertThat(doc.get("object").asText()).isEqualTo("text_completion");
    assertThat(doc.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(doc.at("/usage/prompt_tokens").asInt()).isEqualTo(5);
    assertThat(doc.at("/usage/completion_tokens").asInt()).isEqualTo(7);
    assertThat(doc.at("/usage/total_tokens").asInt()).isEqualTo(12);
  }

  @Test
  void aStreamedChatSendsOneChunkPerTokenThenUsageThenDone() throws Exception {
    HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"stories-15m\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\"}],\"max_tokens\":5,\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    List<JsonNode> events = new ArrayList<>();
    for (String line : r.body().split("\n")) {
      if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
        events.add(JSON.readTree(line.substring(6)));
      }
    }
    assertThat(r.body().trim()).endsWith("data: [DONE]");
    assertThat(events).hasSize(6);
    assertThat(events.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(events.get(4).at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(events.get(5).get("choices")).isEmpty();
    // "user: hi\nassistant: " is 20 bytes, one token each, after BOS
    assertThat(events.get(5).at("/usage/prompt_tokens").asInt()).isEqualTo(21);
    assertThat(events.get(5).at("/usage/completion_tokens").asInt()).isEqualTo(5);
    assertThat(events).allSatisfy(e -> assertThat(e.get("object").asText()).isEqualTo("chat.completion.chunk"));
  }

  @Test
  void anUnknownModelIsA404WithOpenAisErrorObject() throws Exception {
    HttpResponse<String> r = post("/v1/completions", "{\"model\":\"gpt-4\",\"prompt\":\"x\"}");
    assertThat(r.statusCode()).isEqualTo(404);
    JsonNode err = JSON.readTree(r.body()).get("error");
    assertThat(err.get("code").asText()).isEqualTo("model_not_found");
    assertThat(err.get("param").asText()).isEqualTo("model");
    assertThat(err.get("message").asText()).contains("gpt-4", "stories-15m");
  }

  @Test
  void badFieldsAre400sNamingTheField() throws Exception {
    HttpResponse<String> tooLong = post("/v1/completions", "{\"model\":\"stories-15m\",\"prompt\":[1,2],\"max_tokens\":300}");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(tooLong.body()).at("/error/message").asText()).contains("max_tokens", "256");
    HttpResponse<String> badToken = post("/v1/completions", "{\"model\":\"stories-15m\",\"prompt\":[1,-2]}");
    assertThat(badToken.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badToken.body()).at("/error/param").asText()).isEqualTo("prompt");
    HttpResponse<String> unknown = post("/v1/completions", "{\"model\":\"stories-15m\",\"prompt\":\"a\",\"bogus\":1}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(unknown.body()).at("/error/param").asText()).isEqualTo("bogus");
    HttpResponse<String> notJson = post("/v1/chat/completions", "{not json");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(get("/v1/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void requestsBeyondTheEnginesLimitAre429() throws Exception {
    // the server holds 4 requests; four of the longest the context allows, submitted straight to its engine, fill it
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(4);
    io.serveplan.executor.engine.LiveEngine.TokenSink sink = new io.serveplan.executor.engine.LiveEngine.TokenSink() {
      @Override
      public void token(int tokenId, int index, long nanoTime) {}

      @Override
      public void finished(int numPromptTokens, int numCachedPromptTokens, int numOutputTokens) {
        done.countDown();
      }

      @Override
      public void failed(String message) {
        done.countDown();
      }
    };
    for (int i = 0; i < 4; i++) {
      server.engine().submit(new int[] {1, 2, 3 + i}, 250, sink);
    }
    HttpResponse<String> refused = post("/v1/completions", "{\"model\":\"stories-15m\",\"prompt\":[1],\"max_tokens\":1}");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(JSON.readTree(refused.body()).at("/error/type").asText()).isEqualTo("rate_limit_exceeded");
    done.await();
  }

  @Test
  void modelsVersionAndMetricsSpeakVllmsNames() throws Exception {
    JsonNode models = JSON.readTree(get("/v1/models").body());
    assertThat(models.at("/data/0/id").asText()).isEqualTo("stories-15m");
    assertThat(models.at("/data/0/max_model_len").asInt()).isEqualTo(256);
    assertThat(JSON.readTree(get("/version").body()).get("version").asText()).isEqualTo(OpenAiServer.VERSION);
    post("/v1/completions", "{\"model\":\"stories-15m\",\"prompt\":[1,2,3],\"max_tokens\":3}");
    String metrics = get("/metrics").body();
    assertThat(metrics).contains("vllm:num_requests_running{model_name=\"stories-15m\"}",
        "vllm:num_requests_waiting{", "vllm:kv_cache_usage_perc{", "vllm:time_to_first_token_seconds_bucket{",
        "vllm:inter_token_latency_seconds_count{", "vllm:e2e_request_latency_seconds_sum{",
        "vllm:generation_tokens_total{");
  }
}
