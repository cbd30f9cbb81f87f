package io.serveplan.executor.bench;

import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.hardware.document.JsonValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Reads one SSE response line by line as the bytes arrive, timing each {@code data:} event that
 * carries a choice the moment its line is complete (vLLM's client times chunks the same way, so an
 * empty-text chunk still counts as a token's arrival), and the final {@code usage}. Events are read
 * as plain values ({@link JsonCodec#readValue}) with Jackson's lenient conversions ({@link JsonValues}).
 * Not thread-safe: the HTTP client delivers one line at a time.
 */
final class StreamingRequest implements Flow.Subscriber<String> {

  private final long sentNanoTime;
  private final boolean chat;
  private final CompletableFuture<StreamingRequest> done = new CompletableFuture<>();
  private final List<Double> itlS = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();
  private final StringBuilder raw = new StringBuilder();
  private double ttftS;
  private long lastNanoTime;
  private int chunks;
  private int usagePromptTokens = -1;
  private int usageCompletionTokens = -1;
  private String error = "";
  private boolean sawDone;

  StreamingRequest(long sentNanoTime, boolean chat) {
    this.sentNanoTime = sentNanoTime;
    this.chat = chat;
  }

  CompletableFuture<StreamingRequest> done() {
    return done;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(String line) {
    long now = System.nanoTime();
    if (!line.startsWith("data:")) {
      if (raw.length() < 2000) {
        raw.append(line);
      }
      return;
    }
    String data = line.substring(5).trim();
    if (data.equals("[DONE]")) {
      sawDone = true;
      return;
    }
    Object event;
    try {
      event = JsonCodec.readValue(data);
    } catch (IllegalArgumentException e) {
      error = "unparseable SSE event: " + abbreviate(data);
      return;
    }
    if (!(event instanceof Map<?, ?> doc)) {
      return; // an empty event or a bare value carries nothing
    }
    if (doc.containsKey("error")) {
      Object e = doc.get("error");
      error = JsonValues.asText(JsonValues.path(e, "message"), JsonValues.toJson(e));
      return;
    }
    if (doc.get("choices") instanceof List<?> choices && !choices.isEmpty()) {
      Object choice = choices.get(0);
      String piece = JsonValues.asText(chat ? JsonValues.path(choice, "delta", "content") : JsonValues.path(choice, "text"),
          "");
      if (chunks == 0) {
        ttftS = (now - sentNanoTime) / 1e9;
      } else {
        itlS.add((now - lastNanoTime) / 1e9);
      }
      lastNanoTime = now;
      chunks++;
      text.append(piece);
    }
    if (doc.get("usage") instanceof Map<?, ?> usage) {
      usagePromptTokens = JsonValues.asInt(JsonValues.path(usage, "prompt_tokens"), -1);
      usageCompletionTokens = JsonValues.asInt(JsonValues.path(usage, "completion_tokens"), -1);
    }
  }

  @Override
  public void onError(Throwable throwable) {
    error = String.valueOf(throwable.getMessage() != null ? throwable.getMessage() : throwable);
    done.complete(this);
  }

  @Override
  public void onComplete() {
    done.complete(this);
  }

  /** The outcome once the body has ended; a stream without a token or with an error is a failure. */
  RequestOutcome outcome(int promptLenSent, double startS, int status) {
    if (status != 200) {
      return RequestOutcome.failed(promptLenSent, startS, "HTTP " + status + ": " + abbreviate(raw.toString()));
    }
    if (!error.isEmpty()) {
      return RequestOutcome.failed(promptLenSent, startS, error);
    }
    if (chunks == 0) {
      return RequestOutcome.failed(promptLenSent, startS, sawDone ? "the stream ended without a token"
          : "the stream ended without a token or [DONE]");
    }
    int prompt = usagePromptTokens >= 0 ? usagePromptTokens : promptLenSent;
    int output = usageCompletionTokens >= 0 ? usageCompletionTokens : chunks;
    return new RequestOutcome(true, prompt, output, startS, ttftS, itlS, (lastNanoTime - sentNanoTime) / 1e9,
        text.toString(), "");
  }

  static String abbreviate(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
