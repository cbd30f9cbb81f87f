package io.serveplan.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.web.ApiClient;
import io.serveplan.web.ApiClient.Answer;
import io.serveplan.web.ListeningSockets;
import io.serveplan.web.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A default {@code serve}: one listening socket (its HTTP port, on the loopback address), no
 * cluster member, writes only as JSON or YAML, no version in {@code Server}, no HTML error pages.
 */
class SafeDefaultsIT {

  static TestServer server;
  static ApiClient api;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = new ApiClient(server.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aRunningServerListensOnItsHttpPortOnLoopbackAndNothingElse() {
    List<ListeningSockets.Socket> sockets = ListeningSockets.of(server.pid());

    assertThat(sockets).as("listening sockets of the server process").hasSize(1);
    assertThat(sockets.get(0).port()).isEqualTo(server.baseUrl().getPort());
    assertThat(sockets.get(0).address()).isEqualTo("127.0.0.1");
  }

  @Test
  void aWriteWithoutContentTypeOrAsAFormIsRefusedWith415() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String spec = "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\"}";
    HttpResponse<String> none = http.send(HttpRequest.newBuilder(server.baseUrl().resolve("api/v1/catalog/gpus"))
        .POST(HttpRequest.BodyPublishers.ofString(spec)).build(), HttpResponse.BodyHandlers.ofString());
    Answer form = api.post("api/v1/simulations", "text/plain", spec);
    Answer urlEncoded = api.post("api/v1/catalog/gpus", "application/x-www-form-urlencoded", "id=x");

    assertThat(none.statusCode()).as(none.body()).isEqualTo(415);
    assertThat(form.status()).as(form.body()).isEqualTo(415);
    assertThat(urlEncoded.status()).as(urlEncoded.body()).isEqualTo(415);
  }

  @Test
  void theServerHeaderCarriesNoVersionAndErrorsOutsideTheApiAreProblemsNotHtml() {
    Answer health = api.get("api/v1/health");
    Answer missing = api.get("no/such/page.jsp");
    Answer webInf = api.get("WEB-INF/web.xml");

    assertThat(health.header("Server")).satisfiesAnyOf(
        s -> assertThat(s).isNull(), s -> assertThat(s).doesNotContainPattern("[0-9]"));
    assertThat(health.header("X-Powered-By")).isNull();
    for (Answer a : List.of(missing, webInf)) {
      assertThat(a.status()).isEqualTo(404);
      assertThat(a.body()).doesNotContain("<html", "Payara", "GlassFish");
    }
  }

  @Test
  void locationIsBuiltFromTheServersOwnUrlNotFromTheHostHeader() throws Exception {
    String spec = "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\",\"workload\":{\"num_requests\":5}}";
    String answer = raw("POST /api/v1/simulations HTTP/1.1\r\nHost: localhost:" + server.baseUrl().getPort()
        + "\r\nX-Forwarded-Host: evil.example\r\nContent-Type: application/json\r\nContent-Length: "
        + spec.length() + "\r\nConnection: close\r\n\r\n" + spec);
    String other = raw("GET /api/v1/health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 202");
    assertThat(answer).containsIgnoringCase("Location: " + server.baseUrl() + "api/v1/simulations/");
    assertThat(answer).doesNotContain("evil.example");
    assertThat(other).as("a loopback server refuses a foreign Host (DNS rebinding)").startsWith("HTTP/1.1 421");
  }

  /** One raw HTTP/1.1 exchange on a plain socket (HttpClient will not send a foreign Host). */
  static String raw(String request) throws java.io.IOException {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.baseUrl().getPort())) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }
}
