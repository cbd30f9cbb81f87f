package io.serveplan.simulator.timing;

import io.serveplan.hardware.Operator;
import java.util.Map;

/**
 * One step's predicted time, per operator (all layers together, ns) with whether each was bound by
 * compute, plus fixed overheads. {@code totalNs} = sum of operators + {@code overheadNs}.
 */
public record StepBreakdown(
    Map<Operator, Long> operatorNs,
    Map<Operator, Boolean> computeBound,
    long overheadNs,
    long computeBoundNs,
    long memoryBoundNs,
    long totalNs) {

  public StepBreakdown {
    operatorNs = Map.copyOf(operatorNs);
    computeBound = Map.copyOf(computeBound);
  }
}
