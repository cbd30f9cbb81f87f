package io.serveplan.cost.capacity;

import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.CalibrationResolver;
import io.serveplan.simulator.Simulation;
import io.serveplan.simulator.SimulationOptions;

/** The simulator as a capacity probe: per-request summaries kept, ITL lists not (pure decode stays fast). */
final class SimulatorRuns {

  /** Low rates need a long simulated span to hold enough requests. */
  private static final long MAX_SIMULATED_SECONDS = 30L * 24 * 3600;

  private SimulatorRuns() {}

  static ProbeSimulator over(Catalog catalog, CalibrationResolver calibrations) {
    SimulationOptions options = SimulationOptions.defaults().withCalibration(calibrations).withRequestSummaries()
        .withLimits(SimulationOptions.DEFAULT_MAX_REQUESTS, MAX_SIMULATED_SECONDS);
    return spec -> Simulation.run(spec, catalog, options);
  }
}
