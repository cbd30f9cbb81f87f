package io.serveplan.web.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

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
    Path workDir = Files.createTempDirectory("serveplan-payara");
    EmbeddedPayara payara = EmbeddedPayara.start(target.resolve("app"), config.port(), workDir);
    WebServer server = new WebServer(payara, config, workDir);
    server.awaitHealthy();
    return server;
  }

  /** {@code http://localhost:<port>/}. */
  public URI baseUrl() {
    return URI.create("http://localhost:" + config.port() + "/");
  }

  private void awaitHealthy() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI health = baseUrl().resolve("api/v1/health");
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
      deleteQuietly(workDir);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
