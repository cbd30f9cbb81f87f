package io.serveplan.executor.serving;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.serveplan.executor.engine.LiveEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One completion in flight: submits it to the engine, receives its tokens on the engine thread
 * (into a queue, so the engine never waits for a socket) and writes them on the connection's
 * thread — as SSE chunks ({@code data: {...}}, then {@code data: [DONE]}) when streaming, or one
 * JSON body at the end. Records TTFT, ITL and E2E in the server's metrics.
 */
final class CompletionStream implements LiveEngine.TokenSink {

  private static final long EVENT_TIMEOUT_S = 600;

  private sealed interface Event permits Token, Finished, Failed {}

  private record Token(int tokenId, int index, long nanoTime) implements Event {}

  private record Finished(int promptTokens, int cachedTokens, int outputTokens) implements Event {}

  private record Failed(String message) implements Event {}

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
          ObjectNode usage = envelope();
          usage.putArray("choices");
          usage.set("usage", usage(done));
          sse(out, usage);
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

  private ObjectNode envelope() {
    ObjectNode doc = OpenAiServer.JSON.createObjectNode();
    doc.put("id", id);
    doc.put("object", request.chat() ? (request.stream() ? "chat.completion.chunk" : "chat.completion")
        : "text_completion");
    doc.put("created", createdS);
    doc.put("model", request.model());
    return doc;
  }

  private ObjectNode chunk(String piece, boolean first, String finishReason) {
    ObjectNode doc = envelope();
    ObjectNode choice = doc.putArray("choices").addObject();
    choice.put("index", 0);
    if (request.chat()) {
      ObjectNode delta = choice.putObject("delta");
      if (first) {
        delta.put("role", "assistant");
      }
      delta.put("content", piece);
    } else {
      choice.put("text", piece);
    }
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    return doc;
  }

  private ObjectNode whole(String text, Finished done) {
    ObjectNode doc = envelope();
    ObjectNode choice = doc.putArray("choices").addObject();
    choice.put("index", 0);
    if (request.chat()) {
      choice.putObject("message").put("role", "assistant").put("content", text);
    } else {
      choice.put("text", text);
    }
    choice.putNull("logprobs");
    choice.put("finish_reason", "length");
    doc.set("usage", usage(done));
    return doc;
  }

  private static ObjectNode usage(Finished done) {
    ObjectNode u = OpenAiServer.JSON.createObjectNode();
    u.put("prompt_tokens", done.promptTokens());
    u.put("completion_tokens", done.outputTokens());
    u.put("total_tokens", done.promptTokens() + done.outputTokens());
    u.putObject("prompt_tokens_details").put("cached_tokens", done.cachedTokens());
    return u;
  }

  private static ObjectNode errorChunk(String message) {
    ObjectNode doc = OpenAiServer.JSON.createObjectNode();
    doc.putObject("error").put("message", message).put("type", "server_error");
    return doc;
  }

  private static void sse(OutputStream out, ObjectNode doc) throws IOException {
    out.write("data: ".getBytes(StandardCharsets.UTF_8));
    out.write(OpenAiServer.JSON.writeValueAsBytes(doc));
    out.write("\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void sseDone(OutputStream out) throws IOException {
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
