package io.serveplan.web.cli;

import io.serveplan.web.server.ApiTokens;
import io.serveplan.web.server.NetworkConfig;
import io.serveplan.web.server.ServerConfig;
import java.net.URI;
import io.serveplan.web.server.WebServer;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serveplan serve}: Start the web UI and REST API (Payara Micro, embedded H2 by default). */
@Command(name = "serve", description = "Start the web UI and REST API (Payara Micro, embedded H2 by default).")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--db", description = "JDBC URL: H2 (default jdbc:h2:file:<data dir>/serveplan) or PostgreSQL (jdbc:postgresql://host/db?user=...&password=...).")
  String db;

  @picocli.CommandLine.Mixin
  DataDir dataDir = new DataDir();

  @Option(names = "--workers", defaultValue = "2", description = "Runs executed at once (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--queue", defaultValue = "64", description = "Runs waiting for a worker before submissions get 429 (default ${DEFAULT-VALUE}).")
  int queueCapacity;

  @Option(names = "--max-requests", defaultValue = "200000", description = "Largest num_requests a submitted run may simulate (default ${DEFAULT-VALUE}).")
  long maxRequests;

  @Option(names = "--max-simulated-seconds", defaultValue = "86400", description = "Longest simulated duration of a submitted run (default ${DEFAULT-VALUE}).")
  long maxSimulatedSeconds;

  @Option(names = "--max-body-kb", defaultValue = "1024", description = "Largest request body accepted (default ${DEFAULT-VALUE} KiB).")
  int maxBodyKb;

  @Option(names = "--host", defaultValue = NetworkConfig.LOOPBACK,
      description = "Address to listen on (default ${DEFAULT-VALUE}: this machine only). Any other address needs an API token: SERVEPLAN_API_TOKEN, or one generated and stored in ~/.serveplan/api-token.")
  String host;

  @Option(names = "--token-file", description = "Where a generated API token is stored, owner-only (default ~/.serveplan/api-token).")
  java.nio.file.Path tokenFile;

  @Option(names = "--base-url", description = "The URL clients reach this server at (behind a proxy); Location headers use it. Default http://localhost:<port>/.")
  URI baseUrl;

  @Option(names = "--read-timeout-s", defaultValue = "10", description = "Seconds a request may take to arrive before it is dropped (default ${DEFAULT-VALUE}).")
  int readTimeoutSeconds;

  @Option(names = "--max-concurrent-writes", defaultValue = "64", description = "Requests with a body handled at once; more get 503 at once (default ${DEFAULT-VALUE}).")
  int maxConcurrentWrites;

  @Option(names = "--memory-budget-mb", defaultValue = "1024", description = "Memory the admitted runs may hold together, by their estimates; a larger run gets 413 (default ${DEFAULT-VALUE}, capped at 60%% of the heap).")
  long memoryBudgetMb;

  @Override
  public Integer call() throws Exception {
    NetworkConfig network = new NetworkConfig(host, Optional.ofNullable(baseUrl), readTimeoutSeconds, maxConcurrentWrites);
    Optional<String> token = Optional.ofNullable(System.getenv("SERVEPLAN_API_TOKEN")).filter(t -> !t.isBlank());
    boolean generated = false;
    if (token.isEmpty() && !network.loopback()) {
      tokenFile = tokenFile == null ? ApiTokens.defaultFile() : tokenFile;
      token = Optional.of(ApiTokens.generateAndStore(tokenFile));
      generated = true;
    }
    long heapBudget = (long) (Runtime.getRuntime().maxMemory() * 0.6);
    ServerConfig config =
        ServerConfig.withDefaults(port, db != null ? db : dataDir.h2Url())
            .withWorkers(workers, queueCapacity)
            .withLimits(maxRequests, maxSimulatedSeconds, maxBodyKb * 1024L)
            .withApiToken(token)
            .withNetwork(network)
            .withMemoryBudget(Math.min(memoryBudgetMb * 1024 * 1024, heapBudget));
    WebServer server = WebServer.start(config);
    // A password in the JDBC URL stays out of the output.
    String db = config.dbUrl().replaceAll("(?i)(password=)[^&;]*", "$1***");
    if (generated) {
      // Printed once; the UI takes the token from the URL's fragment, which never reaches a server log.
      System.out.println("API token (stored owner-only in " + tokenFile + "): " + token.get());
      System.out.println("Open " + server.baseUrl() + "#token=" + token.get());
    }
    System.out.println("ServePlan is ready at " + server.baseUrl() + " (database " + db + ", listening on "
        + network.host() + ":" + port + ")");
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "serveplan-shutdown"));
    stopped.await();
    return 0;
  }
}
