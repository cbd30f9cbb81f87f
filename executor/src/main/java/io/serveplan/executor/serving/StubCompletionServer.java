package io.serveplan.executor.serving;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.hardware.document.JsonValues;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible {@code /v1/completions} endpoint with no model behind it: every request
 * streams {@code max_tokens} SSE chunks as fast as the socket takes them, then usage and
 * {@code [DONE]}. It exists to measure a load generator's own overhead (how many requests and
 * streamed tokens per second one machine can drive); never a stand-in for a server in a result.
 */
public final class StubCompletionServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService threads;

  public StubCompletionServer(int port, int threadsCount) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    threads = Executors.newFixedThreadPool(threadsCount, r -> {
      Thread t = new Thread(r, "stub-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/v1/completions", this::complete);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void complete(HttpExchange ex) throws IOException {
    try (ex; InputStream in = ex.getRequestBody()) {
      int maxTokens;
      try {
        maxTokens = JsonValues.asInt(JsonValues.path(JsonCodec.readValue(in.readAllBytes()), "max_tokens"), 16);
      } catch (IllegalArgumentException e) {
        throw new IOException("not JSON: " + e.getMessage(), e); // dropped as a broken request, as before
      }
      ex.getResponseHeaders().set("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      byte[] chunk = "data: {\"id\":\"cmpl-stub\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"a\",\"finish_reason\":null}]}\n\n"
          .getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < maxTokens; i++) {
        out.write(chunk);
        out.flush();
      }
      out.write(("data: {\"id\":\"cmpl-stub\",\"object\":\"text_completion\",\"choices\":[],\"usage\":{\"prompt_tokens\":0,"
          + "\"completion_tokens\":" + maxTokens + ",\"total_tokens\":" + maxTokens + "}}\n\ndata: [DONE]\n\n")
          .getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
