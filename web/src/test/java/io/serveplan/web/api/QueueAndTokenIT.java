package io.serveplan.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.web.ApiClient;
import io.serveplan.web.ApiClient.Answer;
import io.serveplan.web.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server with one worker, a queue of one, and SERVEPLAN_API_TOKEN set. */
class QueueAndTokenIT {

  static final String TOKEN = "it-secret-token";
  static final String BIG_SPEC = RunsApiIT.BIG_SPEC;

  static TestServer server;
  static ApiClient anonymous;
  static ApiClient authorized;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestServer.Options.defaults().withToken(TOKEN).withArgs("--workers", "1", "--queue", "1"));
    anonymous = new ApiClient(server.baseUrl());
    authorized = anonymous.withToken(TOKEN);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void stateChangingRequestsNeedTheBearerToken() {
    Answer missing = anonymous.postJson("api/v1/simulations", RunsApiIT.SMALL_SPEC);
    Answer wrong = anonymous.withToken("not-it").postJson("api/v1/calibrations", "{}");
    Answer deleteWithout = anonymous.delete("api/v1/simulations/whatever");
    Answer sweepWithout = anonymous.postJson("api/v1/sweeps?points=3", RunsApiIT.SMALL_SPEC);

    for (Answer a : List.of(missing, wrong, deleteWithout, sweepWithout)) {
      assertThat(a.status()).as(a.body()).isEqualTo(401);
      assertThat(a.header("Content-Type")).startsWith("application/problem+json");
      assertThat(a.header("WWW-Authenticate")).startsWith("Bearer");
    }
    assertThat(anonymous.get("api/v1/simulations").status()).isEqualTo(200);
    assertThat(anonymous.get("api/v1/sweeps").json().get("total").asLong()).as("a refused sweep stores nothing").isZero();
    assertThat(anonymous.get("api/v1/catalog/gpus").status()).isEqualTo(200);
  }

  @Test
  void aFullQueueAnswers429WithRetryAfterAndStoresNothing() {
    List<String> accepted = new ArrayList<>();
    Answer refused = null;
    for (int i = 0; i < 5 && refused == null; i++) {
      Answer a = authorized.postJson("api/v1/simulations", BIG_SPEC);
      if (a.status() == 202) {
        accepted.add(a.json().get("id").asText());
      } else {
        refused = a;
      }
    }
    try {
      assertThat(refused).as("a submission beyond one running and one queued run").isNotNull();
      assertThat(refused.status()).as(refused.body()).isEqualTo(429);
      assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
      assertThat(refused.json().get("type").asText()).contains("queue-full");
      assertThat(accepted).hasSize(2);
      long total = anonymous.get("api/v1/simulations?size=100").json().get("total").asLong();
      assertThat(total).isEqualTo(accepted.size());
      assertThat(anonymous.get("api/v1/metrics").body()).contains("serveplan_runs_rejected_total{kind=\"simulation\"} 1");
    } finally {
      accepted.forEach(id -> authorized.delete("api/v1/simulations/" + id));
    }
  }
}
