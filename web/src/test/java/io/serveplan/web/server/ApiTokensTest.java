package io.serveplan.web.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokensTest {

  @Test
  void aGeneratedTokenIsStoredReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sp/api-token");

    String token = ApiTokens.generateAndStore(file);

    assertThat(token).hasSizeGreaterThanOrEqualTo(40);
    assertThat(Files.readString(file).trim()).isEqualTo(token);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    assertThat(ApiTokens.generateAndStore(file)).isNotEqualTo(token);
  }

  @Test
  void theDefaultBindIsLoopbackAndAnyOtherAddressNeedsAToken() {
    ServerConfig d = ServerConfig.withDefaults(8080, null);
    NetworkConfig open = new NetworkConfig("0.0.0.0", Optional.empty(), 10, 64);

    assertThat(d.network().host()).isEqualTo("127.0.0.1");
    assertThatThrownBy(() -> d.withNetwork(open)).hasMessageContaining("--host 0.0.0.0").hasMessageContaining("SERVEPLAN_API_TOKEN");
    assertThat(d.withApiToken(Optional.of("t")).withNetwork(open).network().host()).isEqualTo("0.0.0.0");
  }

  @Test
  void theBaseUrlComesFromTheOptionNotFromRequests() {
    NetworkConfig proxied = new NetworkConfig("127.0.0.1", Optional.of(java.net.URI.create("https://plan.example/sp")), 10, 64);

    assertThat(proxied.baseUrl(8080).toString()).isEqualTo("https://plan.example/sp/");
    assertThat(NetworkConfig.defaults().baseUrl(9000).toString()).isEqualTo("http://localhost:9000/");
    assertThatThrownBy(() -> new NetworkConfig("127.0.0.1", Optional.of(java.net.URI.create("ftp://x/")), 10, 64))
        .hasMessageContaining("--base-url");
  }
}
