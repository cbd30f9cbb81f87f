package io.serveplan.executor.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.sun.net.httpserver.HttpExchange;
import io.serveplan.executor.engine.LiveEngine;
import io.serveplan.hardware.document.JsonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One completion in flight: submits it to the engine, receives its tokens on the engine thread
 * (into a queue, so the engine never waits for a socket) and writes them on the connection's
 * thread — as SSE chunks ({@code data: {...}}, then {@code data: [DONE]}) when streaming, or one
 * JSON body at the end. Records TTFT, ITL and E2E in the server's metrics. The documents are
 * OpenAI's, as records: keys in component order, {@code logprobs} and an unfinished chunk's
 * {@code finish_reason} written as null, the keys that only some documents have left out.
 */
final class CompletionStream implements LiveEngine.TokenSink {

  private static final long EVENT_TIMEOUT_S = 600;

  private sealed interface Event permits Token, Finished, Failed {}

  private record Token(int tokenId, int index, long nanoTime) implements Event {}

  private record Finished(int promptTokens, int cachedTokens, int outputTokens) implements Event {}

  private record Failed(String message) implements Event {}

  /** A completion, a chat completion, or one chunk of either; {@code usage} only on a whole one and the last chunk. */
  record Completion(String id, String object, long created, String model, List<Choice> choices,
      @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {}

  /**
   * One choice: {@code text} (completions), {@code delta} (chat chunks) or {@code message} (a whole
   * chat completion); {@code logprobs} is always null (none are computed).
   */
  record Choice(int index, @JsonInclude(JsonInclude.Include.NON_NULL) String text,
      @JsonInclude(JsonInclude.Include.NON_NULL) Message delta,
      @JsonInclude(JsonInclude.Include.NON_NULL) Message message, Object logprobs,
      @JsonProperty("finish_reason") String finishReason) {}

  /** {@code role} is left out of every chat chunk but the first. */
  record Message(@JsonInclude(JsonInclude.Include.NON_NULL) String role, String content) {}

  record Usage(@JsonProperty("prompt_tokens") int promptTokens, @JsonProperty("completion_tokens") int completionTokens,
      @JsonProperty("total_tokens") int totalTokens,
      @JsonProperty("prompt_tokens_details") PromptTokensDetails promptTokensDetails) {}

  record PromptTokensDetails(@JsonProperty("cached_tokens") int cachedTokens) {}

  /** The event a stream ends with when the engine fails after the first token. */
  record StreamError(Detail error) {
    record Detail(String message, String type) {}
  }

  private final LiveEngine engine;
  private final CompletionRequest request;
  private final ServingMetrics metrics;
  private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final long createdS = System.currentTimeMillis() / 1000;
  private String id;

  CompletionStream(LiveEngine engine, CompletionRequest request, ServingMetrics metrics) {
    this.engine = engine;
    this.request = request;
    this.metrics = metrics;
  }

  @Override
  public void token(int tokenId, int index, long nanoTime) {
    events.add(new Token(tokenId, index, nanoTime));
  }

  @Override
  public void finished(int numPromptTokens, int numCachedPromptTokens, int numOutputTokens) {
    events.add(new Finished(numPromptTokens, numCachedPromptTokens, numOutputTokens));
  }

  @Override
  public void failed(String message) {
    events.add(new Failed(message));
  }

  void respond(HttpExchange ex) throws IOException {
    long arrival = System.nanoTime();
    id = (request.chat() ? "chatcmpl-" : "cmpl-") + engine.submit(request.promptTokenIds(), request.maxTokens(), this);
    StringBuilder text = new StringBuilder();
    OutputStream out = null;
    long last = arrival;
    while (true) {
      Event e = next();
      if (e instanceof Failed f) {
        if (out == null) {
          throw new OpenAiError(500, "server_error", null, null, f.message());
        }
        // mid-stream: an error event as OpenAI's streams carry one, then the end
        sse(out, errorChunk(f.message()));
        sseDone(out);
        return;
      }
      if (e instanceof Token t) {
        (t.index() == 0 ? metrics.ttft : metrics.itl).observe((t.nanoTime() - last) / 1e9);
        last = t.nanoTime();
        String piece = ByteTokenizer.decode(t.tokenId());
        if (request.stream()) {
          if (out == null) {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0);
            out = ex.getResponseBody();
          }
          boolean lastToken = t.index() == request.maxTokens() - 1;
          sse(out, chunk(piece, t.index() == 0, lastToken ? "length" : null));
        } else {
          text.append(piece);
        }
        continue;
      }
      Finished done = (Finished) e;
      metrics.e2e.observe((last - arrival) / 1e9);
      if (request.stream()) {
        if (request.includeUsage()) {
          sse(out, completion(List.of(), usage(done)));
        }
        sseDone(out);
      } else {
        OpenAiServer.sendJson(ex, 200, whole(text.toString(), done));
      }
      return;
    }
  }

  private Event next() throws IOException {
    try {
      Event e = events.poll(EVENT_TIMEOUT_S, TimeUnit.SECONDS);
      if (e == null) {
        throw new IOException("no token for " + EVENT_TIMEOUT_S + " s");
      }
      return e;
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", ie);
    }
  }

  private Completion completion(List<Choice> choices, Usage usage) {
    String object = request.chat() ? (request.stream() ? "chat.completion.chunk" : "chat.completion")
        : "text_completion";
    return new Completion(id, object, createdS, request.model(), choices, usage);
  }

  private Completion chunk(String piece, boolean first, String finishReason) {
    Choice choice = request.chat()
        ? new Choice(0, null, new Message(first ? "assistant" : null, piece), null, null, finishReason)
        : new Choice(0, piece, null, null, null, finishReason);
    return completion(List.of(choice), null);
  }

  private Completion whole(String text, Finished done) {
    Choice choice = request.chat()
        ? new Choice(0, null, null, new Message("assistant", text), null, "length")
        : new Choice(0, text, null, null, null, "length");
    return completion(List.of(choice), usage(done));
  }

  private static Usage usage(Finished done) {
    return new Usage(done.promptTokens(), done.outputTokens(), done.promptTokens() + done.outputTokens(),
        new PromptTokensDetails(done.cachedTokens()));
  }

  private static StreamError errorChunk(String message) {
    return new StreamError(new StreamError.Detail(message, "server_error"));
  }

  private static void sse(OutputStream out, Object doc) throws IOException {
    out.write("data: ".getBytes(StandardCharsets.UTF_8));
    out.write(JsonCodec.writeCompact(doc));
    out.write("\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void sseDone(OutputStream out) throws IOException {
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
