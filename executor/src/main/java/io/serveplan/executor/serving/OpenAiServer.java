package io.serveplan.executor.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.serveplan.executor.engine.LiveEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible HTTP server over a {@link LiveEngine}, small enough to read in one sitting
 * (the JDK's {@code com.sun.net.httpserver}): {@code GET /v1/models}, {@code POST /v1/completions}
 * and {@code POST /v1/chat/completions} (with SSE streaming, token-id prompts, {@code max_tokens},
 * {@code ignore_eos}, {@code min_tokens}, {@code usage}), {@code GET /version}, {@code GET /health}
 * and {@code GET /metrics} (Prometheus, vLLM's names). Errors are OpenAI's error object with
 * status 400 (bad request), 404 (unknown model or path), 405 (wrong method) or 429 (the engine
 * holds its request limit). One thread per open connection, up to {@code maxConnections}.
 */
public final class OpenAiServer implements AutoCloseable {

  /** What {@code /version} reports. */
  public static final String VERSION = "serveplan 0.1.0";

  static final ObjectMapper JSON = new ObjectMapper();

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
          ObjectNode v = JSON.createObjectNode().put("version", VERSION).put("engine", "serveplan-executor")
              .put("backend", backend);
          sendJson(ex, 200, v);
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

  private ObjectNode models() {
    ObjectNode list = JSON.createObjectNode().put("object", "list");
    list.putArray("data").addObject().put("id", modelName).put("object", "model").put("created", createdS)
        .put("owned_by", "serveplan").put("root", modelName).put("max_model_len", engine.maxModelLen());
    return list;
  }

  private void complete(HttpExchange ex, boolean chat) throws IOException {
    JsonNode body;
    try (InputStream in = ex.getRequestBody()) {
      body = JSON.readTree(in);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw OpenAiError.badRequest(null, "the request body is not valid JSON: " + e.getOriginalMessage());
    }
    CompletionRequest request = CompletionRequest.parse(body, chat, modelName, engine.vocabSize(),
        engine.maxModelLen());
    new CompletionStream(engine, request, metrics).respond(ex);
  }

  static void sendJson(HttpExchange ex, int status, JsonNode doc) throws IOException {
    send(ex, status, "application/json", JSON.writeValueAsBytes(doc));
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
    ObjectNode doc = JSON.createObjectNode();
    ObjectNode err = doc.putObject("error");
    err.put("message", e.getMessage());
    err.put("type", e.type);
    err.put("param", e.param);
    err.put("code", e.code);
    try {
      sendJson(ex, e.status, doc);
    } catch (IOException | RuntimeException ignored) {
      // headers already sent (an error inside a stream) or the client has gone
    }
  }
}
