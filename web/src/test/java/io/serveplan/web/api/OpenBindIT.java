package io.serveplan.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.serveplan.web.ApiClient;
import io.serveplan.web.Chromium;
import io.serveplan.web.ListeningSockets;
import io.serveplan.web.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code serve --host 0.0.0.0} without SERVEPLAN_API_TOKEN: a token is generated, printed once,
 * stored owner-only, and writes and reads need it (but the health check and the OpenAPI document);
 * the UI opened at the printed URL sends it. Still only the HTTP port listens.
 */
class OpenBindIT {

  static TestServer server;
  static Path tokenFile;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    tokenFile = Files.createTempDirectory("serveplan-token").resolve("api-token");
    server = TestServer.start(TestServer.Options.defaults().withArgs("--host", "0.0.0.0", "--token-file", tokenFile.toString()));
    Matcher m = TOKEN_LINE.matcher(Files.readString(server.log()));
    token = m.find() ? m.group(1) : null;
  }

  static final String SPEC = "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\",\"workload\":{\"num_requests\":5}}";
  static final Pattern TOKEN_LINE = Pattern.compile("API token \\(stored owner-only in [^)]+\\): (\\S+)");

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aNonLoopbackBindGeneratesATokenStoresItOwnerOnlyAndWritesNeedIt() throws Exception {
    String log = Files.readString(server.log());
    assertThat(token).as(log).isNotNull();
    ApiClient anonymous = new ApiClient(server.baseUrl());

    assertThat(Files.readString(tokenFile).trim()).isEqualTo(token);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
    assertThat(log.split(Pattern.quote(token), -1)).as("the token is printed in the token line and the URL only").hasSize(3);
    assertThat(anonymous.postJson("api/v1/simulations", SPEC).status()).isEqualTo(401);
    assertThat(anonymous.withToken(token).postJson("api/v1/simulations", SPEC).status()).isEqualTo(202);
  }

  @Test
  void readsNeedTheTokenTooButTheHealthCheckAndTheOpenApiDocument() {
    ApiClient anonymous = new ApiClient(server.baseUrl());
    ApiClient withToken = anonymous.withToken(token);

    for (String path : List.of("api/v1/simulations", "api/v1/catalog/gpus", "api/v1/catalog/custom", "api/v1/metrics",
        "api/v1/simulations/no-such-run", "api/v1/reports/simulations/no-such-run/index.html", "api/v1/no-such-path")) {
      ApiClient.Answer refused = anonymous.get(path);
      assertThat(refused.status()).as(path).isEqualTo(401);
      assertThat(refused.header("Content-Type")).as(path).startsWith("application/problem+json");
      assertThat(refused.json().get("status").asInt()).as(path).isEqualTo(401);
      assertThat(refused.json().get("detail").asText()).as(path).contains("Authorization: Bearer", "#token=");
      assertThat(refused.header("WWW-Authenticate")).as(path).startsWith("Bearer");
      assertThat(anonymous.withToken("not-the-token").get(path).status()).as(path).isEqualTo(401);
    }
    assertThat(withToken.get("api/v1/simulations").status()).isEqualTo(200);
    assertThat(withToken.get("api/v1/catalog/gpus").status()).isEqualTo(200);
    assertThat(withToken.get("api/v1/metrics").status()).isEqualTo(200);
    assertThat(withToken.get("api/v1/simulations/no-such-run").status()).isEqualTo(404);

    assertThat(anonymous.get("api/v1/health").status()).isEqualTo(200);
    assertThat(anonymous.get("api/v1/openapi.yaml").status()).isEqualTo(200);
    assertThat(anonymous.get("openapi").status()).isEqualTo(200);
    assertThat(anonymous.get("api/v1/health/more").status()).as("only the exact path is open").isEqualTo(401);
  }

  @Test
  void theTokenCookieAuthorizesReadsButNeverWrites() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String cookie = "serveplan_token=" + token;
    HttpResponse<String> read = http.send(HttpRequest.newBuilder(server.baseUrl().resolve("api/v1/catalog/custom"))
        .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> write = http.send(HttpRequest.newBuilder(server.baseUrl().resolve("api/v1/simulations"))
        .header("Cookie", cookie).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(SPEC)).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(write.statusCode()).as(write.body()).isEqualTo(401);
  }

  @Test
  void theUiOpenedAtThePrintedUrlSendsTheTokenOnReadsAndItsChartsLoad() throws Exception {
    assumeTrue(Chromium.installed(), Chromium.MISSING);
    ApiClient api = new ApiClient(server.baseUrl()).withToken(token);
    ApiClient.Answer submitted = api.postJson("api/v1/simulations", SPEC);
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
    String id = submitted.json().get("id").asText();
    api.pollUntil("api/v1/simulations/" + id, r -> r.get("status").asText().equals("done"), Duration.ofSeconds(120));
    ChromeDriver driver = Chromium.start();
    try {
      driver.get(server.baseUrl().resolve("catalog.html") + "#token=" + token);
      WebElement table = new WebDriverWait(driver, Duration.ofSeconds(30))
          .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#catalog-table tbody tr")));
      assertThat(table.getText()).isNotBlank();
      assertThat(driver.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token");

      // A report page and its <img> charts send no header: the cookie the UI set carries the token.
      driver.get(server.baseUrl().resolve("api/v1/reports/simulations/" + id + "/index.html").toString());
      new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
          "return Array.from(document.images).filter(i => i.complete && i.naturalWidth > 100).length;")).intValue() >= 1);
    } finally {
      driver.quit();
    }
  }

  @Test
  void itStillListensOnTheHttpPortOnly() {
    List<ListeningSockets.Socket> sockets = ListeningSockets.of(server.pid());

    assertThat(sockets).hasSize(1);
    assertThat(sockets.get(0).port()).isEqualTo(server.baseUrl().getPort());
    assertThat(sockets.get(0).address()).isEqualTo("0.0.0.0");
  }
}
