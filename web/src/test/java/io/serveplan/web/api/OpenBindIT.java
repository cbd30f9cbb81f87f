package io.serveplan.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.web.ApiClient;
import io.serveplan.web.ListeningSockets;
import io.serveplan.web.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code serve --host 0.0.0.0} without SERVEPLAN_API_TOKEN: a token is generated, printed once,
 * stored owner-only, and writes need it. Still only the HTTP port listens.
 */
class OpenBindIT {

  static TestServer server;
  static Path tokenFile;

  @BeforeAll
  static void start() throws Exception {
    tokenFile = Files.createTempDirectory("serveplan-token").resolve("api-token");
    server = TestServer.start(TestServer.Options.defaults().withArgs("--host", "0.0.0.0", "--token-file", tokenFile.toString()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aNonLoopbackBindGeneratesATokenStoresItOwnerOnlyAndWritesNeedIt() throws Exception {
    String log = Files.readString(server.log());
    Matcher m = Pattern.compile("API token \\(stored owner-only in [^)]+\\): (\\S+)").matcher(log);
    assertThat(m.find()).as(log).isTrue();
    String token = m.group(1);
    ApiClient anonymous = new ApiClient(server.baseUrl());
    String spec = "{\"model\":\"llama-3.1-8b\",\"hardware\":\"h100-sxm\",\"workload\":{\"num_requests\":5}}";

    assertThat(Files.readString(tokenFile).trim()).isEqualTo(token);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
    assertThat(log.split(Pattern.quote(token), -1)).as("the token is printed in the token line and the URL only").hasSize(3);
    assertThat(anonymous.postJson("api/v1/simulations", spec).status()).isEqualTo(401);
    assertThat(anonymous.withToken(token).postJson("api/v1/simulations", spec).status()).isEqualTo(202);
  }

  @Test
  void itStillListensOnTheHttpPortOnly() {
    List<ListeningSockets.Socket> sockets = ListeningSockets.of(server.pid());

    assertThat(sockets).hasSize(1);
    assertThat(sockets.get(0).port()).isEqualTo(server.baseUrl().getPort());
    assertThat(sockets.get(0).address()).isEqualTo("0.0.0.0");
  }
}
