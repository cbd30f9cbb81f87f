package io.serveplan.executor.serving;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.serveplan.executor.engine.LiveEngine;
import io.serveplan.hardware.document.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible HTTP server over a {@link LiveEngine}, small enough to read in one sitting
 * (the JDK's {@code com.sun.net.httpserver}): {@code GET /v1/models}, {@code POST /v1/completions}
 * and {@code POST /v1/chat/completions} (with SSE streaming, token-id prompts, {@code max_tokens},
 * {@code ignore_eos}, {@code min_tokens}, {@code usage}), {@code GET /version}, {@code GET /health}
 * and {@code GET /metrics} (Prometheus, vLLM's names). Errors are OpenAI's error object with
 * status 400 (bad request), 404 (unknown model or path), 405 (wrong method) or 429 (the engine
 * holds its request limit). One thread per open connection, up to {@code maxConnections}. Every
 * body is a record written by {@link JsonCodec#writeCompact} (keys in component order, nulls kept).
 */
public final class OpenAiServer implements AutoCloseable {

  /** What {@code /version} reports. */
  public static final String VERSION = "serveplan 0.1.0";

  /** {@code GET /v1/models}: the one served model. */
  record ModelList(String object, List<ModelCard> data) {}

  record ModelCard(String id, String object, long created, @JsonProperty("owned_by") String ownedBy, String root,
      @JsonProperty("max_model_len") int maxModelLen) {}

  /** {@code GET /version}. */
  record Version(String version, String engine, String backend) {}

  /** OpenAI's error object: every key is written, {@code param} and {@code code} as null when unset. */
  record ErrorBody(Detail error) {
    record Detail(String message, String type, String param, String code) {}
  }

  private final HttpServer server;
  private final ExecutorService threads;
  private final LiveEngine engine;
  private final String modelName;
  private final String backend;
  private final ServingMetrics metrics;
  private final long createdS = System.currentTimeMillis() / 1000;

  /**
   * Binds {@code host:port} (port 0: a free port) and starts serving.
   *
   * @param modelName the name clients send as {@code model}
   * @param backend the executor backend's id, reported by {@code /version}
   */
  public static OpenAiServer start(LiveEngine engine, String modelName, String backend, String host, int port,
      int maxConnections) throws IOException {
    return new OpenAiServer(engine, modelName, backend, host, port, maxConnections);
  }

  private OpenAiServer(LiveEngine engine, String modelName, String backend, String host, int port,
      int maxConnections) throws IOException {
    this.engine = engine;
    this.modelName = modelName;
    this.backend = backend;
    this.metrics = new ServingMetrics(modelName);
    this.server = HttpServer.create(new InetSocketAddress(host, port), 256);
    this.threads = Executors.newFixedThreadPool(maxConnections, r -> {
      Thread t = new Thread(r, "serveplan-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/", this::route);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void route(HttpExchange ex) {
    // NOTE: not try-with-resources: the exchange must stay open for the error answers below
    try {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      switch (path) {
        case "/v1/completions", "/v1/chat/completions" -> {
          requireMethod(method, "POST");
          complete(ex, path.endsWith("chat/completions"));
        }
        case "/v1/models" -> {
          requireMethod(method, "GET");
          sendJson(ex, 200, models());
        }
        case "/version" -> {
          requireMethod(method, "GET");
          sendJson(ex, 200, new Version(VERSION, "serveplan-executor", backend));
        }
        case "/health" -> send(ex, 200, "text/plain", new byte[0]);
        case "/metrics" -> send(ex, 200, "text/plain; version=0.0.4",
            metrics.render(engine.stats()).getBytes(StandardCharsets.UTF_8));
        default -> throw OpenAiError.notFound(null, "not_found", "no route " + method + " " + path);
      }
    } catch (OpenAiError e) {
      sendError(ex, e);
    } catch (LiveEngine.Overloaded e) {
      sendError(ex, OpenAiError.tooManyRequests(e.getMessage()));
    } catch (IllegalArgumentException e) {
      sendError(ex, OpenAiError.badRequest(null, e.getMessage()));
    } catch (IOException e) {
      // the client went away; nothing to answer
    } catch (RuntimeException e) {
      sendError(ex, new OpenAiError(500, "server_error", null, null, String.valueOf(e.getMessage())));
    } finally {
      ex.close();
    }
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new OpenAiError(405, "invalid_request_error", null, "method_not_allowed",
          "method " + method + " is not allowed here; use " + allowed);
    }
  }

  private ModelList models() {
    return new ModelList("list", List.of(new ModelCard(modelName, "model", createdS, "serveplan", modelName,
        engine.maxModelLen())));
  }

  private void complete(HttpExchange ex, boolean chat) throws IOException {
    byte[] bytes;
    try (InputStream in = ex.getRequestBody()) {
      bytes = in.readAllBytes();
    }
    Object body;
    try {
      body = JsonCodec.readValue(bytes);
    } catch (IllegalArgumentException e) {
      throw OpenAiError.badRequest(null, "the request body is not valid JSON: " + e.getMessage());
    }
    CompletionRequest request = CompletionRequest.parse(body, chat, modelName, engine.vocabSize(),
        engine.maxModelLen());
    new CompletionStream(engine, request, metrics).respond(ex);
  }

  /** {@code doc}, a record, as the whole JSON body. */
  static void sendJson(HttpExchange ex, int status, Object doc) throws IOException {
    send(ex, status, "application/json", JsonCodec.writeCompact(doc));
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] bytes) throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static void sendError(HttpExchange ex, OpenAiError e) {
    try {
      sendJson(ex, e.status, new ErrorBody(new ErrorBody.Detail(e.getMessage(), e.type, e.param, e.code)));
    } catch (IOException | RuntimeException ignored) {
      // headers already sent (an error inside a stream) or the client has gone
    }
  }
}
