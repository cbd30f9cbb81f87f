package io.serveplan.executor.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.simulator.spec.WorkloadSpec;
import io.serveplan.simulator.workload.Workload;
import io.serveplan.simulator.workload.WorkloadGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;

/**
 * A load generator for any OpenAI-compatible server, measuring what {@code vllm bench serve}
 * measures. Requests come from a spec's workload block (the simulator's {@link WorkloadGenerator},
 * so a prediction and a benchmark of one spec see the same prompts, lengths and arrivals): open
 * loop at their arrival times (poisson, gamma, constant, trace, offline), or closed loop with
 * {@code arrival: concurrency} (N clients, each sending its next request when its last one ends).
 * {@code maxConcurrency} bounds the requests in flight on top, as vLLM's {@code --max-concurrency}.
 *
 * <p>Prompts go as token ids on {@code /v1/completions} (vLLM and SGLang accept them; exact
 * lengths and the spec's shared prefixes reach the server as they are), with {@code max_tokens} =
 * {@code min_tokens} = the request's output length and {@code ignore_eos}; on
 * {@code /v1/chat/completions} as text, and the server's {@code usage} gives the real lengths.
 * Every response streams (SSE); each chunk is timed on arrival ({@link StreamingRequest}).
 * One warm-up request first, as vLLM's client sends one. Not reentrant; one run per instance.
 */
public final class BenchServe {

  /**
   * @param endpoint {@code completions} or {@code chat}
   * @param maxConcurrency most requests in flight, 0 for no limit beyond {@code maxConnections}
   * @param maxConnections most open connections (and so requests in flight)
   * @param requestTimeout a request still streaming after this is cancelled and counted failed
   */
  public record Options(URI baseUrl, String model, String endpoint, int maxConcurrency, int maxConnections,
      Duration requestTimeout, String label) {

    public Options {
      if (!endpoint.equals("completions") && !endpoint.equals("chat")) {
        throw new IllegalArgumentException("--endpoint: unknown value '" + endpoint + "'; allowed: completions, chat");
      }
      if (maxConcurrency < 0) {
        throw new IllegalArgumentException("--max-concurrency: " + maxConcurrency + " must be >= 1");
      }
      if (maxConnections < 1 || maxConnections > 10_000) {
        throw new IllegalArgumentException("--max-connections: " + maxConnections + " is outside 1..10000");
      }
    }

    URI endpointUri() {
      String base = baseUrl.toString().replaceAll("/+$", "");
      base = base.endsWith("/v1") ? base : base + "/v1";
      return URI.create(base + (endpoint.equals("chat") ? "/chat/completions" : "/completions"));
    }
  }

  /** Progress: requests finished (completed or failed) of the total, seconds since the start. */
  public record Progress(int finished, int failed, int total, double elapsedS) {}

  /**
   * One request's body: {@code prompt} (token ids, completions) or {@code messages} (chat), the
   * other left out; written in this order, as vLLM's client writes its keys.
   */
  record CompletionBody(String model, @JsonInclude(JsonInclude.Include.NON_NULL) List<ChatMessage> messages,
      @JsonInclude(JsonInclude.Include.NON_NULL) int[] prompt, @JsonProperty("max_tokens") int maxTokens,
      @JsonProperty("min_tokens") int minTokens, @JsonProperty("ignore_eos") boolean ignoreEos, double temperature,
      boolean stream, @JsonProperty("stream_options") StreamOptions streamOptions) {}

  record ChatMessage(String role, String content) {}

  record StreamOptions(@JsonProperty("include_usage") boolean includeUsage) {}

  private final Options options;
  private final HttpClient client;
  private final ExecutorService httpThreads;

  public BenchServe(Options options) {
    this.options = options;
    this.httpThreads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "bench-serve-http");
      t.setDaemon(true);
      return t;
    });
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpThreads)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * Runs the workload against the server and returns what was measured; a cancelled run returns
   * what had finished, the rest counted as failed with the reason.
   */
  public BenchResult run(WorkloadSpec workloadSpec, long seed, int vocabSize, BooleanSupplier cancelled,
      Consumer<Progress> progress) {
    Workload w = WorkloadGenerator.generate(workloadSpec, seed, vocabSize, 1_000_000);
    try {
      warmUp(w);
      int limit = options.maxConcurrency() > 0 ? Math.min(options.maxConcurrency(), options.maxConnections())
          : options.maxConnections();
      if (w.concurrency() > 0) {
        limit = Math.min(limit, w.concurrency());
      }
      return dispatch(w, workloadSpec, limit, cancelled, progress);
    } finally {
      httpThreads.shutdownNow();
    }
  }

  private void warmUp(Workload w) {
    if (w.size() == 0) {
      return;
    }
    RequestOutcome o = send(w.promptTokens(0), Math.min(w.outputLen(0), 4), System.nanoTime(), 0).join();
    if (!o.success()) {
      throw new IllegalArgumentException("--base-url: the warm-up request to " + options.endpointUri()
          + " failed: " + o.error());
    }
  }

  private BenchResult dispatch(Workload w, WorkloadSpec spec, int limit, BooleanSupplier cancelled,
      Consumer<Progress> progress) {
    int n = w.size();
    RequestOutcome[] outcomes = new RequestOutcome[n];
    List<CompletableFuture<RequestOutcome>> inFlight = new ArrayList<>();
    Semaphore slots = new Semaphore(limit);
    AtomicInteger finished = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    long start = System.nanoTime();
    int sent = 0;
    for (int i = 0; i < n && !cancelled.getAsBoolean(); i++) {
      long at = w.concurrency() > 0 ? 0 : w.arrivalNs(i);
      while (System.nanoTime() - start < at && !cancelled.getAsBoolean()) {
        LockSupport.parkNanos(Math.min(at - (System.nanoTime() - start), 20_000_000L));
      }
      if (!acquire(slots, cancelled)) {
        break;
      }
      int index = i;
      CompletableFuture<RequestOutcome> f = send(w.promptTokens(i), w.outputLen(i), System.nanoTime(),
          (System.nanoTime() - start) / 1e9);
      inFlight.add(f.whenComplete((o, e) -> {
        slots.release();
        outcomes[index] = o;
        if (!o.success()) {
          failed.incrementAndGet();
        }
        progress.accept(new Progress(finished.incrementAndGet(), failed.get(), n, (System.nanoTime() - start) / 1e9));
      }));
      sent++;
    }
    for (CompletableFuture<RequestOutcome> f : inFlight) {
      f.join();
    }
    double durationS = (System.nanoTime() - start) / 1e9;
    List<RequestOutcome> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(outcomes[i] != null ? outcomes[i]
          : RequestOutcome.failed(w.promptLen(i), durationS, i < sent ? "lost" : "cancelled before it was sent"));
    }
    return new BenchResult(options, spec, all, durationS, cancelled.getAsBoolean());
  }

  private static boolean acquire(Semaphore slots, BooleanSupplier cancelled) {
    try {
      while (!slots.tryAcquire(50, TimeUnit.MILLISECONDS)) {
        if (cancelled.getAsBoolean()) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Sends one streaming request; the future always completes with an outcome, never exceptionally. */
  private CompletableFuture<RequestOutcome> send(int[] prompt, int outputLen, long sentNanoTime, double startS) {
    boolean chat = options.endpoint().equals("chat");
    HttpRequest request = HttpRequest.newBuilder(options.endpointUri())
        .timeout(options.requestTimeout())
        .header("Content-Type", "application/json")
        .header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body(prompt, outputLen, chat)))
        .build();
    StreamingRequest stream = new StreamingRequest(sentNanoTime, chat);
    long timeoutMs = options.requestTimeout().toMillis();
    return client.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(stream))
        .thenCompose(response -> stream.done().thenApply(s -> s.outcome(prompt.length, startS, response.statusCode())))
        .orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
        .exceptionally(e -> RequestOutcome.failed(prompt.length, startS, describe(e, timeoutMs)));
  }

  private static String describe(Throwable e, long timeoutMs) {
    Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    if (c instanceof TimeoutException || c instanceof java.net.http.HttpTimeoutException) {
      return "timed out after " + timeoutMs / 1000.0 + " s";
    }
    return c.getClass().getSimpleName() + (c.getMessage() != null ? ": " + c.getMessage() : "");
  }

  private byte[] body(int[] prompt, int outputLen, boolean chat) {
    return JsonCodec.writeCompact(new CompletionBody(options.model(),
        chat ? List.of(new ChatMessage("user", text(prompt))) : null, chat ? null : prompt, outputLen, outputLen,
        true, 0.0, true, new StreamOptions(true)));
  }

  /** A chat message of one short word per token id (its length in the server's tokens is the server's). */
  private static String text(int[] prompt) {
    StringBuilder sb = new StringBuilder(prompt.length * 2);
    for (int t : prompt) {
      sb.append((char) ('a' + Math.floorMod(t, 26)));
    }
    return sb.toString();
  }
}
