package io.serveplan.web.server;

import java.net.URI;
import java.util.Optional;

/**
 * Where and how {@code serveplan serve} listens.
 *
 * @param host the address the HTTP listener binds to: {@code 127.0.0.1} unless {@code --host} says
 *     otherwise; any other address needs an API token
 * @param publicUrl the URL clients reach this server at ({@code --base-url}); {@code Location}
 *     headers and the startup line are built from it, never from a request's {@code Host}
 * @param readTimeoutSeconds how long a request may take to arrive (headers and body) before the
 *     server drops it
 * @param maxConcurrentRequests requests with a body (writes) handled at once; beyond it a write is
 *     answered 503 at once, so slow senders cannot hold every thread
 */
public record NetworkConfig(String host, Optional<URI> publicUrl, int readTimeoutSeconds, int maxConcurrentRequests) {

  public static final String LOOPBACK = "127.0.0.1";

  public NetworkConfig {
    if (host == null || host.isBlank() || !host.matches("[0-9A-Za-z.:\\-\\[\\]]+")) {
      throw new IllegalArgumentException("--host: '" + host + "' is not an address; allowed: an IPv4/IPv6 address or a host name");
    }
    if (readTimeoutSeconds < 1 || readTimeoutSeconds > 3600) {
      throw new IllegalArgumentException("--read-timeout-s: " + readTimeoutSeconds + " out of range; allowed 1..3600");
    }
    if (maxConcurrentRequests < 1 || maxConcurrentRequests > 10_000) {
      throw new IllegalArgumentException("--max-concurrent-writes: " + maxConcurrentRequests + " out of range; allowed 1..10000");
    }
    publicUrl = publicUrl.map(NetworkConfig::checkedUrl);
  }

  public static NetworkConfig defaults() {
    return new NetworkConfig(LOOPBACK, Optional.empty(), 10, 64);
  }

  /** True for 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
  public boolean loopback() {
    return host.startsWith("127.") || host.equals("::1") || host.equals("[::1]") || host.equalsIgnoreCase("localhost");
  }

  /** The URL clients use: {@code --base-url}, or {@code http://localhost:<port>/} for a loopback bind. */
  public URI baseUrl(int port) {
    return publicUrl.orElseGet(() -> URI.create("http://" + (loopback() || host.equals("0.0.0.0") ? "localhost" : host)
        + ":" + port + "/"));
  }

  private static URI checkedUrl(URI u) {
    if (u.getScheme() == null || !u.getScheme().matches("https?") || u.getHost() == null || u.getQuery() != null
        || u.getFragment() != null) {
      throw new IllegalArgumentException("--base-url: '" + u + "' is not an http(s) URL; allowed: http(s)://host[:port]/[path/]");
    }
    return u.getPath().endsWith("/") ? u : URI.create(u + "/");
  }
}
