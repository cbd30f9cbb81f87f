package io.serveplan.simulator.client;

/**
 * The requests a {@link ClientDriver} sends, by index {@code 0..size-1}: their sizes and, for an
 * open-loop or trace workload, their arrival times (non-decreasing in index order).
 */
public interface RequestSource {

  int size();

  /** Arrival time in ns after the start; not read for a closed loop (the driver sets those times). */
  long arrivalNs(int i);

  int promptLen(int i);

  int outputLen(int i);
}
