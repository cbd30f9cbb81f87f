package io.serveplan.web.server;

import java.util.Optional;
import java.util.Properties;

/**
 * How {@code serveplan serve} runs: port, database, worker pool and the limits on what one request
 * may ask for. Immutable.
 *
 * <p>NOTE: the embedded web application runs in Payara's class loaders, apart from the CLI, so the
 * CLI hands this record over as {@code serveplan.server.*} system properties
 * ({@link #toProperties()}), which the application reads once when it starts
 * ({@link #fromProperties(Properties)}).
 *
 * @param port HTTP port; 0 is not allowed (the CLI picks a port)
 * @param dbUrl JDBC URL, H2 or PostgreSQL
 * @param workers runs executed at once
 * @param queueCapacity runs waiting for a worker; beyond it a submission is refused with 429
 * @param maxRequests largest {@code workload.num_requests} a submitted simulation may have
 * @param maxSimulatedSeconds longest simulated duration a submitted simulation may reach
 * @param maxBodyBytes largest request body accepted (413 beyond)
 * @param apiToken when present, state-changing requests need it as a bearer token
 * @param network listen address, public URL, read timeout and concurrent-write limit
 * @param memoryBudgetBytes the memory the admitted runs may hold together (their estimates); a
 *     run whose estimate alone exceeds it is refused with 413
 */
public record ServerConfig(
    int port,
    String dbUrl,
    int workers,
    int queueCapacity,
    long maxRequests,
    long maxSimulatedSeconds,
    long maxBodyBytes,
    Optional<String> apiToken,
    NetworkConfig network,
    long memoryBudgetBytes) {

  public static final String DEFAULT_DB_URL = "jdbc:h2:file:./data/serveplan";
  static final String PREFIX = "serveplan.server.";

  public ServerConfig {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--port: " + port + " is not a TCP port; allowed 1..65535");
    }
    if (dbUrl == null || !(dbUrl.startsWith("jdbc:h2:") || dbUrl.startsWith("jdbc:postgresql:"))) {
      throw new IllegalArgumentException("--db: '" + dbUrl + "' is not supported; allowed jdbc:h2:... or jdbc:postgresql:...");
    }
    if (workers < 1 || workers > 256) {
      throw new IllegalArgumentException("--workers: " + workers + " out of range; allowed 1..256");
    }
    if (queueCapacity < 1 || queueCapacity > 100_000) {
      throw new IllegalArgumentException("--queue: " + queueCapacity + " out of range; allowed 1..100000");
    }
    if (maxRequests < 1 || maxSimulatedSeconds < 1 || maxBodyBytes < 1024) {
      throw new IllegalArgumentException("limits must be positive (--max-requests, --max-simulated-seconds) and --max-body-kb at least 1");
    }
    apiToken = apiToken.filter(t -> !t.isBlank());
    if (memoryBudgetBytes < MIB * 16) {
      throw new IllegalArgumentException("--memory-budget-mb: " + memoryBudgetBytes / MIB + " is too small; allowed at least 16");
    }
    if (!network.loopback() && apiToken.isEmpty()) {
      throw new IllegalArgumentException("--host " + network.host() + " is reachable from other machines and needs an API "
          + "token; set SERVEPLAN_API_TOKEN (serve generates one when it binds such an address)");
    }
  }

  static final long MIB = 1024 * 1024;
  /** The default memory budget: fits a 2 GB heap with room for the server itself. */
  public static final long DEFAULT_MEMORY_BUDGET_BYTES = 1024 * MIB;

  /** Port and database as given (null database = the H2 file under ./data), everything else default. */
  public static ServerConfig withDefaults(int port, String dbUrl) {
    return new ServerConfig(
        port, dbUrl == null ? DEFAULT_DB_URL : dbUrl, 2, 64, 200_000, 86_400, 1024 * 1024, Optional.empty(),
        NetworkConfig.defaults(), DEFAULT_MEMORY_BUDGET_BYTES);
  }

  public ServerConfig withWorkers(int workers, int queueCapacity) {
    return new ServerConfig(port, dbUrl, workers, queueCapacity, maxRequests, maxSimulatedSeconds, maxBodyBytes, apiToken, network, memoryBudgetBytes);
  }

  public ServerConfig withLimits(long maxRequests, long maxSimulatedSeconds, long maxBodyBytes) {
    return new ServerConfig(port, dbUrl, workers, queueCapacity, maxRequests, maxSimulatedSeconds, maxBodyBytes, apiToken, network, memoryBudgetBytes);
  }

  public ServerConfig withApiToken(Optional<String> apiToken) {
    return new ServerConfig(port, dbUrl, workers, queueCapacity, maxRequests, maxSimulatedSeconds, maxBodyBytes, apiToken, network, memoryBudgetBytes);
  }

  /** With a listen address and the rest of the network settings; the token must already be set for a non-loopback host. */
  public ServerConfig withNetwork(NetworkConfig network) {
    return new ServerConfig(port, dbUrl, workers, queueCapacity, maxRequests, maxSimulatedSeconds, maxBodyBytes, apiToken, network, memoryBudgetBytes);
  }

  public ServerConfig withMemoryBudget(long memoryBudgetBytes) {
    return new ServerConfig(port, dbUrl, workers, queueCapacity, maxRequests, maxSimulatedSeconds, maxBodyBytes, apiToken, network, memoryBudgetBytes);
  }

  /** The URL clients reach this server at (see {@link NetworkConfig#baseUrl}). */
  public java.net.URI baseUrl() {
    return network.baseUrl(port);
  }

  /** This configuration as {@code serveplan.server.*} properties. */
  public Properties toProperties() {
    Properties p = new Properties();
    p.setProperty(PREFIX + "port", Integer.toString(port));
    p.setProperty(PREFIX + "db", dbUrl);
    p.setProperty(PREFIX + "workers", Integer.toString(workers));
    p.setProperty(PREFIX + "queue", Integer.toString(queueCapacity));
    p.setProperty(PREFIX + "maxRequests", Long.toString(maxRequests));
    p.setProperty(PREFIX + "maxSimulatedSeconds", Long.toString(maxSimulatedSeconds));
    p.setProperty(PREFIX + "maxBodyBytes", Long.toString(maxBodyBytes));
    p.setProperty(PREFIX + "apiToken", apiToken.orElse(""));
    p.setProperty(PREFIX + "host", network.host());
    p.setProperty(PREFIX + "baseUrl", network.publicUrl().map(Object::toString).orElse(""));
    p.setProperty(PREFIX + "readTimeoutSeconds", Integer.toString(network.readTimeoutSeconds()));
    p.setProperty(PREFIX + "maxConcurrentWrites", Integer.toString(network.maxConcurrentRequests()));
    p.setProperty(PREFIX + "memoryBudgetBytes", Long.toString(memoryBudgetBytes));
    return p;
  }

  /** Reads {@link #toProperties()}'s keys; a missing key takes its default. */
  public static ServerConfig fromProperties(Properties p) {
    ServerConfig d = withDefaults(8080, null);
    return new ServerConfig(
        Integer.parseInt(p.getProperty(PREFIX + "port", Integer.toString(d.port))),
        p.getProperty(PREFIX + "db", d.dbUrl),
        Integer.parseInt(p.getProperty(PREFIX + "workers", Integer.toString(d.workers))),
        Integer.parseInt(p.getProperty(PREFIX + "queue", Integer.toString(d.queueCapacity))),
        Long.parseLong(p.getProperty(PREFIX + "maxRequests", Long.toString(d.maxRequests))),
        Long.parseLong(p.getProperty(PREFIX + "maxSimulatedSeconds", Long.toString(d.maxSimulatedSeconds))),
        Long.parseLong(p.getProperty(PREFIX + "maxBodyBytes", Long.toString(d.maxBodyBytes))),
        Optional.ofNullable(p.getProperty(PREFIX + "apiToken")),
        new NetworkConfig(p.getProperty(PREFIX + "host", d.network.host()),
            Optional.ofNullable(p.getProperty(PREFIX + "baseUrl")).filter(u -> !u.isBlank()).map(java.net.URI::create),
            Integer.parseInt(p.getProperty(PREFIX + "readTimeoutSeconds", Integer.toString(d.network.readTimeoutSeconds()))),
            Integer.parseInt(p.getProperty(PREFIX + "maxConcurrentWrites", Integer.toString(d.network.maxConcurrentRequests())))),
        Long.parseLong(p.getProperty(PREFIX + "memoryBudgetBytes", Long.toString(d.memoryBudgetBytes))));
  }

  @Override
  public String toString() {
    // The token never appears in logs.
    return "ServerConfig[port=" + port + ", db=" + dbUrl + ", workers=" + workers + ", queue=" + queueCapacity
        + ", maxRequests=" + maxRequests + ", maxSimulatedSeconds=" + maxSimulatedSeconds
        + ", maxBodyBytes=" + maxBodyBytes + ", apiToken=" + (apiToken.isPresent() ? "set" : "unset") + ", network=" + network
        + ", memoryBudgetBytes=" + memoryBudgetBytes + "]";
  }
}
