package io.serveplan.web.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code serveplan serve}: Start the web UI and REST API (Payara Micro, embedded H2 by default). */
@Command(name = "serve", description = "Start the web UI and REST API (Payara Micro, embedded H2 by default).")
final class ServeCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("serveplan serve is not available yet in this build.");
    return 3;
  }
}
