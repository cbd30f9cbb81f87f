package io.serveplan.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.serveplan.web.ApiClient;
import io.serveplan.web.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs survive the process: stored before a restart, interrupted when the process is killed. */
class RestartIT {

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aFinishedRunIsThereAfterARestartAndARunningOneIsInterruptedByAKill() {
    ApiClient api = new ApiClient(server.baseUrl());
    String done = api.postJson("api/v1/simulations", RunsApiIT.SMALL_SPEC).json().get("id").asText();
    JsonNode before = api.pollUntil("api/v1/simulations/" + done,
        r -> r.get("status").asText().equals("done"), Duration.ofSeconds(120));

    server.restart();

    JsonNode after = api.get("api/v1/simulations/" + done).json();
    assertThat(after.get("status").asText()).isEqualTo("done");
    assertThat(after.get("result")).isEqualTo(before.get("result"));

    String running = api.postJson("api/v1/simulations", RunsApiIT.BIG_SPEC).json().get("id").asText();
    api.pollUntil("api/v1/simulations/" + running, r -> r.get("status").asText().equals("running"),
        Duration.ofSeconds(60));

    server.kill();
    server.launch();

    JsonNode interrupted = api.get("api/v1/simulations/" + running).json();
    assertThat(interrupted.get("status").asText()).isEqualTo("interrupted");
    assertThat(interrupted.get("error").asText()).contains("stopped");
    assertThat(interrupted.get("finished_at").asText()).isNotBlank();
    assertThat(api.get("api/v1/simulations/" + done).json().get("status").asText()).isEqualTo("done");
  }
}
