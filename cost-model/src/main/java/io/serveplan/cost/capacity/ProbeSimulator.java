package io.serveplan.cost.capacity;

import io.serveplan.simulator.SimulationResult;
import io.serveplan.simulator.spec.WhatIfSpec;

/**
 * What a capacity probe runs: a one-replica what-if spec to its result, with per-request summaries
 * ({@link SimulationResult#requests()}: arrival, TTFT, TPOT, E2EL, SLO verdict) and the time series
 * (its waiting queue). The simulator in production; tests pass a queue model.
 */
@FunctionalInterface
public interface ProbeSimulator {
  SimulationResult run(WhatIfSpec spec);
}
