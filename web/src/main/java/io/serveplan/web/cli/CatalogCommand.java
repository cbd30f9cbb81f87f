package io.serveplan.web.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code serveplan catalog}: List the GPU, model or API catalog. */
@Command(name = "catalog", description = "List the GPU, model or API catalog.")
final class CatalogCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("serveplan catalog is not available yet in this build.");
    return 3;
  }
}
