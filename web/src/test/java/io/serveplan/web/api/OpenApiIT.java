package io.serveplan.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.web.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The running server serves the checked-in OpenAPI document, byte for byte, at
 * {@code /api/v1/openapi.yaml} and at {@code /openapi} (where Payara's generator would otherwise
 * answer with a document built from annotations).
 */
class OpenApiIT {

  /** The document as it is checked in (failsafe runs in the web module's directory). */
  static final Path CHECKED_IN = Path.of("src/main/resources", OpenApiDocument.RESOURCE);

  static TestServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void servesTheCheckedInDocumentUnderTheApi() throws Exception {
    HttpResponse<byte[]> r = get("api/v1/openapi.yaml");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
    assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(checkedIn());
  }

  @Test
  void servesTheSameDocumentAtTheMicroProfilePath() throws Exception {
    for (String path : new String[] {"openapi", "openapi?format=json"}) {
      HttpResponse<byte[]> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).as(path)
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
      assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).as(path).isEqualTo(checkedIn());
    }
  }

  private static String checkedIn() throws IOException {
    assertThat(CHECKED_IN).as("run from the web module's directory").exists();
    return Files.readString(CHECKED_IN);
  }

  private static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    URI uri = server.baseUrl().resolve(path);
    return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
