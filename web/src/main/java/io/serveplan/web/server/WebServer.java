package io.serveplan.web.server;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The running ServePlan server: embedded Payara Micro with the web application deployed at
 * {@code /}. {@link #start} returns once the API answers. One per process.
 */
public final class WebServer implements AutoCloseable {

  private final EmbeddedPayara payara;
  private final ServerConfig config;
  private final Path workDir;

  private WebServer(EmbeddedPayara payara, ServerConfig config, Path workDir) {
    this.payara = payara;
    this.config = config;
    this.workDir = workDir;
  }

  /** Starts Payara Micro and the application; throws {@link IllegalStateException} naming what failed. */
  public static WebServer start(ServerConfig config) throws IOException {
    Path target = buildDir();
    config.toProperties().forEach((k, v) -> System.setProperty((String) k, (String) v));
    // jOOQ's banner and tips would break the one-line startup.
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    WorkDirs.removeAbandoned();
    Path workDir = WorkDirs.create();
    NetworkConfig net = config.network();
    // Writes are capped at maxConcurrentRequests; the rest of the pool stays free for reads and health.
    int threads = net.maxConcurrentRequests() + 64;
    EmbeddedPayara payara = EmbeddedPayara.start(target.resolve("app"),
        new EmbeddedPayara.Listener(net.host(), config.port(), net.readTimeoutSeconds(), threads), workDir);
    WebServer server = new WebServer(payara, config, workDir);
    server.awaitHealthy();
    return server;
  }

  /** The URL clients use: {@code --base-url}, else {@code http://localhost:<port>/} (see {@link NetworkConfig#baseUrl}). */
  public URI baseUrl() {
    return config.baseUrl();
  }

  private void awaitHealthy() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    // Asked on the bound address itself: the public URL may go through a proxy.
    String host = config.network().host().equals("0.0.0.0") ? "127.0.0.1" : config.network().host();
    URI health = URI.create("http://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
        + ":" + config.port() + "/api/v1/health");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = "HTTP " + r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the server", e);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the server", e);
      }
    }
    throw new IllegalStateException("the server did not become healthy at " + health + ": " + last);
  }

  /** {@code web/target}: where the build put the exploded application and Payara Micro. */
  static Path buildDir() {
    try {
      // target/classes (or target/test-classes' sibling) holds this class when run from the build.
      Path classes = Path.of(WebServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return classes.getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate web/target", e);
    }
  }

  @Override
  public void close() {
    try {
      payara.close();
    } finally {
      WorkDirs.deleteQuietly(workDir);
    }
  }
}
