package io.serveplan.executor.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.executor.Backend;
import io.serveplan.hardware.Catalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's bytes on the wire, key by key and in order, nulls included: what the official
 * OpenAI client and vLLM's benchmark read. Only what varies between runs is masked (ids, times,
 * the generated text). The expected bodies were captured from the server as it answered when its
 * documents were Jackson trees (before it wrote them through JsonCodec), so they pin that answer.
 */
class OpenAiServerWireTest {

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

  /** Ids, creation times, prefix-cache hits and generated text vary between runs; everything else is the format. */
  private static String masked(String body) {
    return body.replaceAll("\"id\":\"(chatcmpl|cmpl)-\\d+\"", "\"id\":\"$1-N\"")
        .replaceAll("\"created\":\\d+", "\"created\":T")
        .replaceAll("\"cached_tokens\":\\d+", "\"cached_tokens\":C")
        .replaceAll("\"(text|content)\":\"(?:[^\"\\\\]|\\\\.)*\"", "\"$1\":\"…\"");
  }

  private static String error(String body) throws Exception {
    return post("/v1/completions", body).body();
  }

  @Test
  void aCompletionIsOneBodyWithItsChoiceAndUsage() throws Exception {
    HttpResponse<String> r = post("/v1/completions",
        "{\"model\":\"stories-15m\",\"prompt\":[1,5,9],\"max_tokens\":3,\"ignore_eos\":true}");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(masked(r.body())).isEqualTo("{\"id\":\"cmpl-N\",\"object\":\"text_completion\",\"created\":T,"
        + "\"model\":\"stories-15m\",\"choices\":[{\"index\":0,\"text\":\"…\",\"logprobs\":null,"
        + "\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":3,\"total_tokens\":6,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":C}}}");
  }

  @Test
  void aChatCompletionCarriesTheAssistantsMessage() throws Exception {
    HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"stories-15m\",\"messages\":[{\"role\":\"user\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}],\"max_completion_tokens\":2}");
    assertThat(masked(r.body())).isEqualTo("{\"id\":\"chatcmpl-N\",\"object\":\"chat.completion\",\"created\":T,"
        + "\"model\":\"stories-15m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"…\"},"
        + "\"logprobs\":null,\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":2,"
        + "\"total_tokens\":23,\"prompt_tokens_details\":{\"cached_tokens\":C}}}");
  }

  @Test
  void aStreamedChatIsChunksWithTheRoleFirstThenUsageThenDone() throws Exception {
    HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"stories-15m\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\"}],\"max_tokens\":2,\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    String envelope = "{\"id\":\"chatcmpl-N\",\"object\":\"chat.completion.chunk\",\"created\":T,\"model\":\"stories-15m\",";
    assertThat(masked(r.body())).isEqualTo(
        "data: " + envelope + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"…\"},"
            + "\"logprobs\":null,\"finish_reason\":null}]}\n\n"
            + "data: " + envelope + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"…\"},\"logprobs\":null,"
            + "\"finish_reason\":\"length\"}]}\n\n"
            + "data: " + envelope + "\"choices\":[],\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":2,"
            + "\"total_tokens\":23,\"prompt_tokens_details\":{\"cached_tokens\":C}}}\n\n"
            + "data: [DONE]\n\n");
  }

  @Test
  void aStreamedCompletionWithoutUsageEndsWithItsLastTokenThenDone() throws Exception {
    HttpResponse<String> r = post("/v1/completions",
        "{\"model\":\"stories-15m\",\"prompt\":\"a\",\"max_tokens\":2,\"stream\":true,\"n\":1}");
    String envelope = "{\"id\":\"cmpl-N\",\"object\":\"text_completion\",\"created\":T,\"model\":\"stories-15m\",";
    assertThat(masked(r.body())).isEqualTo(
        "data: " + envelope + "\"choices\":[{\"index\":0,\"text\":\"…\",\"logprobs\":null,\"finish_reason\":null}]}\n\n"
            + "data: " + envelope + "\"choices\":[{\"index\":0,\"text\":\"…\",\"logprobs\":null,"
            + "\"finish_reason\":\"length\"}]}\n\n"
            + "data: [DONE]\n\n");
  }

  @Test
  void badBodiesAreOpenAisErrorObjectWithEveryKeyAndTheSameMessage() throws Exception {
    HttpResponse<String> notJson = post("/v1/chat/completions", "{not json");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).isEqualTo("{\"error\":{\"message\":\"the request body is not valid JSON: Unexpected "
        + "character ('n' (code 110)): was expecting double-quote to start field name\",\"type\":"
        + "\"invalid_request_error\",\"param\":null,\"code\":null}}");
    for (String notAnObject : new String[] {"", "null", "[1]", "\"x\""}) {
      assertThat(error(notAnObject)).as(notAnObject).isEqualTo("{\"error\":{\"message\":\"the request body must be a "
          + "JSON object\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
    }
    assertThat(error("{\"model\":\"stories-15m\",\"prompt\":[1],\"max_tokens\":\"7\"}")).isEqualTo("{\"error\":"
        + "{\"message\":\"max_tokens: must be an integer, not \\\"7\\\"\",\"type\":\"invalid_request_error\","
        + "\"param\":\"max_tokens\",\"code\":null}}");
    assertThat(error("{\"model\":\"stories-15m\",\"prompt\":[1],\"min_tokens\":null}")).contains(
        "\"message\":\"min_tokens: must be an integer, not null\"");
    assertThat(error("{\"model\":\"stories-15m\",\"prompt\":[1],\"max_tokens\":1.5}")).contains(
        "\"message\":\"max_tokens: must be an integer, not 1.5\"");
    assertThat(error("{\"model\":\"stories-15m\",\"prompt\":[1,{\"a\":[2]}]}")).contains(
        "\"message\":\"prompt[1]: token ids are integers within 0..31999, not {\\\"a\\\":[2]}\"");
    assertThat(error("{\"model\":\"stories-15m\",\"prompt\":[\"a\",\"b\"]}")).contains(
        "\"message\":\"prompt: one prompt per request (got 2)\"");
    assertThat(error("{\"model\":\"stories-15m\",\"prompt\":[]}")).contains(
        "prompt: must be a string, a list of token ids, or a list of one of those");
    assertThat(error("{\"model\":\"stories-15m\"}")).contains("prompt: required, a string or a list of token ids");
    assertThat(error("{\"model\":5,\"prompt\":\"a\"}")).contains(
        "\"message\":\"model: required, the served model name 'stories-15m'\",\"type\":\"invalid_request_error\","
            + "\"param\":\"model\",\"code\":null");
    assertThat(error("{\"model\":\"stories-15m\",\"prompt\":\"a\",\"n\":2}")).contains("\"param\":\"n\"");
    assertThat(error("{\"model\":\"stories-15m\",\"prompt\":\"a\",\"ignore_eos\":1}")).contains(
        "ignore_eos: must be true or false");
    assertThat(error("{\"model\":\"stories-15m\",\"prompt\":\"a\",\"max_tokens\":0}")).contains(
        "max_tokens: 0 must be >= 1");
    assertThat(error("{\"model\":\"stories-15m\",\"prompt\":\"a\",\"max_tokens\":3,\"min_tokens\":4}")).contains(
        "min_tokens: 4 must be within 0..3");
    assertThat(post("/v1/chat/completions", "{\"model\":\"stories-15m\",\"messages\":[{\"role\":\"robot\","
        + "\"content\":\"x\"}]}").body()).contains("\"param\":\"messages[0].role\"");
    assertThat(post("/v1/chat/completions", "{\"model\":\"stories-15m\",\"messages\":[{\"role\":\"user\"}]}").body())
        .contains("messages[0].content: required, text");
    assertThat(post("/v1/chat/completions", "{\"model\":\"stories-15m\",\"messages\":[]}").body())
        .contains("messages: required, a non-empty list of {role, content}");
  }

  @Test
  void lenientValuesAreReadAsTheyWereBefore() throws Exception {
    // "n" as a numeric string or true counts as 1, "stream" as the string "true" streams, as Jackson's trees read them
    assertThat(post("/v1/completions", "{\"model\":\"stories-15m\",\"prompt\":\"a\",\"max_tokens\":1,\"n\":\"1\"}")
        .statusCode()).isEqualTo(200);
    assertThat(post("/v1/completions", "{\"model\":\"stories-15m\",\"prompt\":\"a\",\"max_tokens\":1,\"n\":true}")
        .statusCode()).isEqualTo(200);
    assertThat(post("/v1/completions", "{\"model\":\"stories-15m\",\"prompt\":\"a\",\"max_tokens\":1,"
        + "\"stream\":\"true\"}").body()).startsWith("data: ").endsWith("data: [DONE]\n\n");
    assertThat(post("/v1/completions", "{\"model\":\"stories-15m\",\"prompt\":\"a\",\"max_tokens\":1,"
        + "\"stream\":1}").body()).startsWith("data: ");
    assertThat(post("/v1/completions", "{\"model\":\"stories-15m\",\"prompt\":\"a\",\"max_tokens\":1,"
        + "\"stream\":1.0}").body()).startsWith("{");
  }

  @Test
  void wrongMethodsUnknownPathsAndTheInfoDocuments() throws Exception {
    assertThat(get("/v1/completions").body()).isEqualTo("{\"error\":{\"message\":\"method GET is not allowed here; "
        + "use POST\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"method_not_allowed\"}}");
    assertThat(get("/v1/nothing").body()).isEqualTo("{\"error\":{\"message\":\"no route GET /v1/nothing\",\"type\":"
        + "\"invalid_request_error\",\"param\":null,\"code\":\"not_found\"}}");
    assertThat(masked(get("/v1/models").body())).isEqualTo("{\"object\":\"list\",\"data\":[{\"id\":\"stories-15m\","
        + "\"object\":\"model\",\"created\":T,\"owned_by\":\"serveplan\",\"root\":\"stories-15m\",\"max_model_len\":256}]}");
    assertThat(get("/version").body()).isEqualTo("{\"version\":\"" + OpenAiServer.VERSION
        + "\",\"engine\":\"serveplan-executor\",\"backend\":\"cpu\"}");
  }

  @Test
  void anErrorInsideAStreamIsAnEventWithTheMessageAndServerErrorOnly() {
    // the engine fails after the first token only by accident, so the event's document is checked as written
    assertThat(new String(io.serveplan.hardware.document.JsonCodec.writeCompact(
        new CompletionStream.StreamError(new CompletionStream.StreamError.Detail("engine \"died\"", "server_error"))),
        java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":{\"message\":\"engine \\\"died\\\"\",\"type\":\"server_error\"}}");
  }
}
