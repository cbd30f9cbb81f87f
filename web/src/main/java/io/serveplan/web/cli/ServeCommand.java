package io.serveplan.web.cli;

import io.serveplan.web.server.ServerConfig;
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

  @Option(names = "--db", description = "JDBC URL: H2 (default jdbc:h2:file:./data/serveplan) or PostgreSQL (jdbc:postgresql://host/db?user=...&password=...).")
  String db;

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

  @Override
  public Integer call() throws Exception {
    ServerConfig config =
        ServerConfig.withDefaults(port, db)
            .withWorkers(workers, queueCapacity)
            .withLimits(maxRequests, maxSimulatedSeconds, maxBodyKb * 1024L)
            .withApiToken(Optional.ofNullable(System.getenv("SERVEPLAN_API_TOKEN")));
    WebServer server = WebServer.start(config);
    // A password in the JDBC URL stays out of the output.
    String db = config.dbUrl().replaceAll("(?i)(password=)[^&;]*", "$1***");
    System.out.println("ServePlan is ready at " + server.baseUrl() + " (database " + db + ")");
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
