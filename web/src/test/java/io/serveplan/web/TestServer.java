package io.serveplan.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real ServePlan server for integration tests: {@code serveplan serve} in its own JVM (as
 * {@code bin/serveplan} runs it), on a free port, with a fresh H2 file database in a temporary
 * directory. Start one per test class:
 *
 * <pre>{@code
 * static TestServer server;
 * @BeforeAll static void start() { server = TestServer.start(); }
 * @AfterAll static void stop() { server.close(); }
 * ... server.baseUrl().resolve("api/v1/simulations") ...
 * }</pre>
 *
 * <p>Needs {@code web/target/classes}, {@code web/target/lib} and {@code web/target/app}, which
 * the {@code package} phase builds (failsafe runs after it). {@link #restart()} starts a new
 * process on the same database; {@link #kill()} ends the process abruptly (SIGKILL), as a crash
 * would. The server's output goes to {@link #log()}.
 */
public final class TestServer implements AutoCloseable {

  /** The JVM flags of bin/serveplan (the Vector API module, and what Payara Micro needs on Java 17). */
  static final List<String> JVM_FLAGS = List.of(
      "--add-modules", "jdk.incubator.vector",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/java.io=ALL-UNNAMED",
      "--add-opens", "java.base/java.net=ALL-UNNAMED",
      "--add-opens", "java.base/java.nio=ALL-UNNAMED",
      "--add-opens", "java.base/java.util=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
      "--add-opens", "java.base/sun.net.www.protocol.jrt=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "java.management/javax.management=ALL-UNNAMED",
      "--add-opens", "java.management/javax.management.openmbean=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
      "--add-opens", "java.rmi/sun.rmi.transport=ALL-UNNAMED",
      "--add-opens", "java.logging/java.util.logging=ALL-UNNAMED",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-exports", "java.base/sun.net.www=ALL-UNNAMED",
      "--add-exports", "java.base/sun.security.util=ALL-UNNAMED",
      "--add-exports", "java.naming/com.sun.jndi.ldap=ALL-UNNAMED");

  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(240);

  /** How to start: extra {@code serve} options and environment variables. */
  public record Options(List<String> serveArgs, Map<String, String> env) {
    public static Options defaults() {
      return new Options(List.of(), Map.of());
    }

    /** With {@code SERVEPLAN_API_TOKEN} set. */
    public Options withToken(String token) {
      Map<String, String> e = new HashMap<>(env);
      e.put("SERVEPLAN_API_TOKEN", token);
      return new Options(serveArgs, e);
    }

    /** With more {@code serve} options, e.g. {@code "--workers", "1", "--queue", "2"}. */
    public Options withArgs(String... args) {
      List<String> a = new ArrayList<>(serveArgs);
      a.addAll(List.of(args));
      return new Options(a, env);
    }
  }

  private final Options options;
  private final Path dataDir;
  private final Path log;
  private Process process;
  private int port;

  private TestServer(Options options, Path dataDir) {
    this.options = options;
    this.dataDir = dataDir;
    this.log = dataDir.resolve("server.log");
  }

  /** A server with default options and a fresh database. */
  public static TestServer start() {
    return start(Options.defaults());
  }

  public static TestServer start(Options options) {
    try {
      TestServer s = new TestServer(options, Files.createTempDirectory("serveplan-it"));
      s.launch();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://localhost:<port>/}. */
  public URI baseUrl() {
    return URI.create("http://localhost:" + port + "/");
  }

  /** The H2 URL of this server's database. */
  public String dbUrl() {
    return "jdbc:h2:file:" + dataDir.resolve("db/serveplan").toAbsolutePath();
  }

  public Path log() {
    return log;
  }

  /** The server process's id (for reading its sockets from /proc). */
  public long pid() {
    return process.pid();
  }

  /** The temporary directory this server runs in (its database and its log). */
  public Path dataDir() {
    return dataDir;
  }

  /** Stops the process gracefully and starts a new one on the same database and port. */
  public void restart() {
    stop();
    launch();
  }

  /** Ends the process at once (SIGKILL): no shutdown hook runs, as in a crash. */
  public void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      waitFor(process, 30);
    }
  }

  /** Starts a new process on the same database and port after {@link #kill()} or {@link #stop()}. */
  public void launch() {
    try {
      if (port == 0) {
        port = freePort();
      }
      Path target = targetDir();
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(JVM_FLAGS);
      cmd.add("-Xmx768m");
      cmd.add("-XX:TieredStopAtLevel=1");
      cmd.add("-cp");
      cmd.add(target.resolve("classes") + java.io.File.pathSeparator + target.resolve("lib") + "/*");
      cmd.add("io.serveplan.web.cli.Main");
      cmd.add("serve");
      cmd.add("--port");
      cmd.add(Integer.toString(port));
      cmd.add("--db");
      cmd.add(dbUrl());
      cmd.addAll(options.serveArgs());
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dataDir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().remove("SERVEPLAN_API_TOKEN");
      pb.environment().putAll(options.env());
      long logStart = Files.exists(log) ? Files.size(log) : 0;
      process = pb.start();
      awaitReady(logStart);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(long logStart) throws IOException {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String out = Files.exists(log) ? Files.readString(log) : "";
      String mine = out.substring((int) Math.min(out.length(), logStart));
      if (mine.contains("ServePlan is ready at")) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited with " + process.exitValue() + " before it was ready:\n" + mine);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the server started", e);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("the server was not ready within " + STARTUP_TIMEOUT + "; log: " + log);
  }

  /** Stops the process (SIGTERM: the shutdown hook stops Payara and the workers). */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!waitFor(process, 60)) {
        process.destroyForcibly();
        waitFor(process, 30);
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static boolean waitFor(Process p, int seconds) {
    try {
      return p.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /** web/target: test-classes' parent. */
  static Path targetDir() {
    try {
      Path testClasses = Path.of(TestServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path target = testClasses.getParent();
      if (!Files.isDirectory(target.resolve("app/WEB-INF")) || !Files.isDirectory(target.resolve("lib"))) {
        throw new IllegalStateException("web/target/app or web/target/lib is missing; run the package phase first "
            + "(mvn -B -pl web -am verify runs it before the integration tests)");
      }
      return target;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
