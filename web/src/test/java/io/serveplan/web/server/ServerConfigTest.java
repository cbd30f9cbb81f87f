package io.serveplan.web.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

  @Test
  void defaultsToPort8080AndAnH2FileUnderData() {
    ServerConfig c = ServerConfig.withDefaults(8080, null);

    assertThat(c.dbUrl()).isEqualTo("jdbc:h2:file:./data/serveplan");
    assertThat(c.workers()).isEqualTo(2);
    assertThat(c.apiToken()).isEmpty();
  }

  @Test
  void survivesTheTripThroughSystemProperties() {
    ServerConfig c = ServerConfig.withDefaults(9000, "jdbc:postgresql://db/sp")
        .withWorkers(3, 7).withLimits(100, 60, 4096).withApiToken(Optional.of("t0k"));

    assertThat(ServerConfig.fromProperties(c.toProperties())).isEqualTo(c);
  }

  @Test
  void neverShowsTheTokenInItsText() {
    ServerConfig c = ServerConfig.withDefaults(8080, null).withApiToken(Optional.of("s3cret"));

    assertThat(c.toString()).doesNotContain("s3cret").contains("apiToken=set");
  }

  @Test
  void aBlankTokenMeansNoToken() {
    assertThat(ServerConfig.withDefaults(8080, null).withApiToken(Optional.of("  ")).apiToken()).isEmpty();
  }

  @Test
  void rejectsBadOptionsNamingThem() {
    assertThatThrownBy(() -> ServerConfig.withDefaults(70000, null)).hasMessageContaining("--port");
    assertThatThrownBy(() -> ServerConfig.withDefaults(8080, "jdbc:mysql://x")).hasMessageContaining("--db");
    assertThatThrownBy(() -> ServerConfig.withDefaults(8080, null).withWorkers(0, 1)).hasMessageContaining("--workers");
    assertThatThrownBy(() -> ServerConfig.withDefaults(8080, null).withWorkers(1, 0)).hasMessageContaining("--queue");
  }
}
