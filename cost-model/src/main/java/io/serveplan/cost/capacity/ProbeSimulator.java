package io.serveplan.cost.capacity;

import io.serveplan.simulator.SimulationResult;
import io.serveplan.simulator.plan.RunPlan;

/**
 * What a capacity probe runs: a one-replica run plan to its result, with per-request summaries
 * ({@link SimulationResult#requests()}: arrival, TTFT, TPOT, E2EL, SLO verdict) and the time series
 * (its waiting queue). The simulator in production; tests pass a queue model.
 */
@FunctionalInterface
public interface ProbeSimulator {
  SimulationResult run(RunPlan plan);
}
