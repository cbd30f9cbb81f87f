package io.serveplan.simulator;

/** Told now and then how far a simulation has got. Called on the simulating thread. */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = (simulatedS, completed, total) -> {};

  void progress(double simulatedS, int completed, int total);
}
