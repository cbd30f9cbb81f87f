package io.serveplan.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/** A small HTTP client for integration tests against {@link TestServer}: JSON in, JSON out. */
public final class ApiClient {

  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI base;
  private final Optional<String> token;

  public ApiClient(URI base) {
    this(base, Optional.empty());
  }

  public ApiClient(URI base, Optional<String> token) {
    this.base = base;
    this.token = token;
  }

  public ApiClient withToken(String t) {
    return new ApiClient(base, Optional.of(t));
  }

  /** An answer: status, headers and the body as text and (when it is JSON) as a tree. */
  public record Answer(int status, java.net.http.HttpHeaders headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
      }
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  public Answer get(String path) {
    return send(request(path).GET().build());
  }

  public Answer delete(String path) {
    return send(request(path).DELETE().build());
  }

  public Answer postJson(String path, String body) {
    return post(path, "application/json", body);
  }

  public Answer post(String path, String contentType, String body) {
    return send(request(path).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  public Answer send(String method, String path, String contentType, String body) {
    return send(request(path).header("Content-Type", contentType)
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** GETs {@code path} until {@code done} holds for the JSON answer (or fails after {@code timeout}). */
  public JsonNode pollUntil(String path, Predicate<JsonNode> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      Answer a = get(path);
      if (a.status() == 200) {
        last = a.json();
        if (done.test(last)) {
          return last;
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("condition not reached within " + timeout + " for " + path + "; last answer: " + last);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
        .timeout(Duration.ofSeconds(60));
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return b;
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
