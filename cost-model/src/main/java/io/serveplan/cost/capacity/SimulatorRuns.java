package io.serveplan.cost.capacity;

import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.Simulation;
import io.serveplan.simulator.spec.WhatIfSpec;
import java.util.Map;
import java.util.function.Function;

/** The simulator as a capacity probe. */
final class SimulatorRuns {

  private SimulatorRuns() {}

  static Function<WhatIfSpec, Map<String, Object>> over(Catalog catalog) {
    return spec -> Simulation.run(spec, catalog).metrics();
  }
}
