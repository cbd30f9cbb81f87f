package io.serveplan.web.server;

import fish.payara.micro.BootstrapException;
import fish.payara.micro.PayaraMicro;
import fish.payara.micro.PayaraMicroRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Payara Micro 6, embedded in this process, serving the exploded web application that the build
 * assembles in {@code web/target/app} at the root context.
 *
 * <p>NOTE: Payara Micro's bootstrap API ({@code fish.payara.micro.PayaraMicro}) comes from the
 * payara-micro jar on the class path; its runtime unpacks itself into {@code workDir} and loads
 * from there. The web application loads its own libraries first (WEB-INF/glassfish-web.xml), so
 * the server runs the same Jackson, H2, jOOQ and Flyway as the CLI.
 *
 * <p>One instance per process: Payara Micro keeps static state.
 */
public final class EmbeddedPayara implements AutoCloseable {

  private final PayaraMicroRuntime runtime;

  private EmbeddedPayara(PayaraMicroRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * How the HTTP listener runs.
   *
   * @param host the address the listener binds to (nothing else listens)
   * @param port its port
   * @param readTimeoutSeconds how long a blocked read of a request may wait for the client
   * @param maxHttpThreads the listener's thread pool
   */
  public record Listener(String host, int port, int readTimeoutSeconds, int maxHttpThreads) {}

  /**
   * Boots Payara Micro and deploys {@code appDir} at {@code /}.
   *
   * <p>NOTE: Hazelcast is switched off with {@code setNoHazelcast} alone. Payara Micro 6 (checked
   * in 6.2024.12's {@code PayaraMicroImpl.configureHazelcast}) looks at {@code noCluster} first and,
   * when it is set, only turns clustering off and still starts a Hazelcast member listening on
   * port 6900 with its 40+ {@code hz.*} threads; {@code noHazelcast} is then never read. So
   * {@code setNoCluster} must stay unset.
   *
   * @param appDir the exploded web application
   * @param workDir where Payara unpacks its runtime and keeps its domain; a fresh directory
   */
  public static EmbeddedPayara start(Path appDir, Listener listener, Path workDir) throws IOException {
    if (!Files.isDirectory(appDir.resolve("WEB-INF"))) {
      throw new IllegalStateException("web application not found at " + appDir + "; run mvn -B -DskipTests package");
    }
    Files.createDirectories(workDir);
    Path logging = workDir.resolve("logging.properties");
    try (InputStream in = EmbeddedPayara.class.getResourceAsStream("payara-logging.properties")) {
      Files.copy(in, logging, StandardCopyOption.REPLACE_EXISTING);
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try {
      PayaraMicro.setUpackedJarDir(Files.createDirectories(workDir.resolve("unpacked")).toFile());
      PayaraMicro micro = PayaraMicro.getInstance();
      micro.setHttpPort(listener.port())
          .setNoHazelcast(true)
          .setMaxHttpThreads(listener.maxHttpThreads())
          // All threads from the start: a burst of slow senders does not wait for the pool to grow.
          .setMinHttpThreads(listener.maxHttpThreads())
          .setPrintLogo(false)
          .setLogPropertiesFile(logging.toFile())
          .setRootDir(workDir.resolve("runtime").toFile());
      micro.setPreBootHandler(admin -> {
        PRE_BOOT.apply(listener).forEach(c -> admin.run("set", c));
        noOpenApiGenerator(admin);
      });
      PayaraMicroRuntime runtime = micro.bootStrap();
      EmbeddedPayara payara = new EmbeddedPayara(runtime);
      if (!runtime.deploy("serveplan", "/", appDir.toAbsolutePath().toFile())) {
        payara.close();
        throw new IllegalStateException("the web application at " + appDir + " did not deploy; the lines above say why");
      }
      return payara;
    } catch (BootstrapException e) {
      throw new IllegalStateException("Payara Micro failed to start: " + rootMessage(e), e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static final String CONFIG = "configs.config.server-config.";

  /** The domain settings of a safe listener: one address, no version banner, bounded reads, no phone-home. */
  static final java.util.function.Function<Listener, java.util.List<String>> PRE_BOOT = l -> java.util.List.of(
      CONFIG + "network-config.network-listeners.network-listener.http-listener.address=" + l.host(),
      CONFIG + "network-config.protocols.protocol.http-listener.http.server-header=false",
      CONFIG + "network-config.protocols.protocol.http-listener.http.xpowered-by=false",
      CONFIG + "network-config.protocols.protocol.http-listener.http.request-timeout-seconds=" + l.readTimeoutSeconds(),
      // NOTE: Grizzly parses a request's head without blocking a thread, so the transport's read
      // timeout below (blocking body reads) never sees a client that stalls in its request line or
      // headers; the keep-alive idle timeout does (it runs until a whole head has arrived), and it
      // is 30 s unless set. So an idle connection and a stalled head are both dropped after the
      // read timeout.
      CONFIG + "network-config.protocols.protocol.http-listener.http.timeout-seconds=" + l.readTimeoutSeconds(),
      CONFIG + "network-config.transports.transport.tcp.read-timeout-millis=" + l.readTimeoutSeconds() * 1000L,
      CONFIG + "phone-home-runtime-configuration.enabled=false");

  /**
   * The application serves its own checked-in OpenAPI document at {@code /openapi}
   * (web.api.OpenApiDocument); Payara's generator, which would build another from the annotations,
   * is switched off before the domain starts (the command's change needs a restart when run later).
   */
  private static void noOpenApiGenerator(fish.payara.micro.boot.AdminCommandRunner admin) {
    fish.payara.micro.ClusterCommandResult r = admin.run("set-openapi-configuration", "--enabled=false");
    if (r.getExitStatus() == fish.payara.micro.ClusterCommandResult.ExitStatus.FAILURE) {
      throw new IllegalStateException("set-openapi-configuration --enabled=false failed: " + r.getOutput(), r.getFailureCause());
    }
  }

  @Override
  public void close() {
    try {
      runtime.shutdown();
    } catch (BootstrapException e) {
      throw new IllegalStateException("Payara Micro did not shut down cleanly: " + rootMessage(e), e);
    }
  }

  static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }
}
