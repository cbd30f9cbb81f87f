package io.serveplan.web.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code serveplan calibrate}: Measure step times on a real backend and fit a calibration profile. */
@Command(name = "calibrate", description = "Measure step times on a real backend and fit a calibration profile.")
final class CalibrateCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("serveplan calibrate is not available yet in this build.");
    return 3;
  }
}
